// Steps whose deploy never finishes on its own (a `stuck-*` image stays PENDING): it is superseded
// by a second deploy-ecs run, stopped from outside with StopServiceDeployment(ROLLBACK), or runs
// into deploy-ecs's own deadline. Each checks both verdicts and updates the model.
import { ListServiceDeploymentsCommand, StopServiceDeploymentCommand } from '@aws-sdk/client-ecs';
import { backOn, expectDeploy, lastServed, type ServiceModel } from './history-model.js';
import { CLUSTER } from './histories.js';
import type { HistoryRun } from './history-runner.js';
import { checkOutcome } from './history-truth.js';

/** Simulated; the stuck rollout never ends, so the verdict is TIMED_OUT whatever the machine. */
const STUCK_TIMEOUT_MS = 2 * 60_000;
const NO_BAKE = { rollbackOnFailure: true, bakeSeconds: 0 };

export async function supersede(run: HistoryRun, model: ServiceModel): Promise<void> {
  const previous = lastServed(model);
  const first = run.deployStuckInBackground(model, true);
  await run.startedOn(model);
  const second = await run.deploy([model], run.image('good'), NO_BAKE);
  first.clock.release();
  const expected = expectDeploy(model, second.taskDefinitionArn, 'good', NO_BAKE);
  checkOutcome(run.truth(model), second.services[0]!, expected, previous, 'good', run.log);
  const superseded = (await first.result).services[0]!;
  const notRolledBack = { rolloutState: 'SUPERSEDED' as const, rolledBack: false };
  checkOutcome(run.truth(model), superseded, notRolledBack, previous, 'stuck', run.log);
}

export async function stopFromOutside(
  run: HistoryRun,
  model: ServiceModel,
  rollbackOnFailure: boolean,
): Promise<void> {
  const previous = lastServed(model);
  const first = run.deployStuckInBackground(model, rollbackOnFailure);
  await run.startedOn(model);
  const listed = await run.ecs.send(
    new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: model.name, status: ['IN_PROGRESS'] }),
  );
  const arn = listed.serviceDeployments![0]!.serviceDeploymentArn!;
  await run.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
  first.clock.release();
  const outcome = (await first.result).services[0]!;
  backOn(model, previous);
  const undone = { rolloutState: 'FAILED' as const, rolledBack: true, by: 'ECS' as const, backTo: previous };
  checkOutcome(run.truth(model), outcome, undone, previous, 'stuck', run.log);
}

export async function timeOut(run: HistoryRun, model: ServiceModel): Promise<void> {
  const previous = lastServed(model);
  const result = await run.deploy([model], run.image('stuck'), NO_BAKE, STUCK_TIMEOUT_MS);
  backOn(model, previous);
  const expected = {
    rolloutState: 'TIMED_OUT' as const,
    rolledBack: true,
    by: 'Shipline' as const,
    backTo: previous,
  };
  checkOutcome(run.truth(model), result.services[0]!, expected, previous, 'stuck', run.log);
  run.checkSuccessMeansRunning(result);
}
