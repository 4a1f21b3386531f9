// The rollback action's `to: previous` on one service: it must go to the revision that last served
// before the current one (from the model), or refuse and change nothing when there is none.
import { rollBackService } from '../../src/index.js';
import { CLUSTER } from './histories.js';
import { backOn, rollbackTarget, type ServiceModel } from './history-model.js';
import { DEPLOY_TIMEOUT_MS, type HistorySteps } from './history-steps.js';
import { failure } from './history-truth.js';

export async function rollBackToPrevious(run: HistorySteps, model: ServiceModel): Promise<void> {
  const target = rollbackTarget(model);
  const before = run.truth(model).deployments[0]?.id;
  const attempt = await rollBackService(
    { cluster: CLUSTER, service: model.name, to: 'previous', wait: true, timeoutMs: DEPLOY_TIMEOUT_MS },
    { ecs: run.ecs, log: run.recorder(model.name), clock: run.clock },
  ).then(
    (result) => ({ result }),
    (error: Error) => ({ error }),
  );
  const truth = run.truth(model);
  const primary = truth.deployments[0]!;
  if (target === undefined) {
    if (!('error' in attempt) || !/Nothing was changed/.test(attempt.error.message) || primary.id !== before)
      throw failure(
        'rollback to previous with no earlier served revision must refuse and change nothing',
        { attempt, truth },
        run.log,
      );
    return;
  }
  if ('error' in attempt)
    throw failure(
      `rollback to previous must go to ${target}`,
      { error: attempt.error.message, truth },
      run.log,
    );
  const { result } = attempt;
  if (result.to !== target || !result.succeeded || result.rolloutState !== 'COMPLETED')
    throw failure(
      `rollback to previous must go to ${target} (the revision that last served) and complete`,
      { result, truth },
      run.log,
    );
  if (
    primary.id !== result.deploymentId ||
    primary.taskDefinitionArn !== target ||
    primary.rolloutState !== 'COMPLETED'
  )
    throw failure('rollback reported COMPLETED but the emulator disagrees', { result, truth }, run.log);
  backOn(model, target);
}
