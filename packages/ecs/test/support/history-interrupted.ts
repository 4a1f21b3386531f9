// Steps whose deploy does not finish on its own: a `stuck-*` image (stays PENDING) superseded by a
// second deploy-ecs run, stopped from outside with StopServiceDeployment(ROLLBACK), or running into
// deploy-ecs's own deadline; a healthy one cancelled mid-rollout. Each checks what deploy-ecs said
// against the emulator and updates the model.
import { ListServiceDeploymentsCommand, StopServiceDeploymentCommand } from '@aws-sdk/client-ecs';
import { backOn, expectDeploy, lastServed, type ServiceModel } from './history-model.js';
import { CLUSTER } from './histories.js';
import type { HistorySteps } from './history-steps.js';
import { checkOutcome, failure } from './history-truth.js';

/** Simulated; the stuck rollout never ends, so the verdict is TIMED_OUT whatever the machine. */
const STUCK_TIMEOUT_MS = 2 * 60_000;
const NO_BAKE = { rollbackOnFailure: true, bakeSeconds: 0 };

export async function supersede(run: HistorySteps, model: ServiceModel): Promise<void> {
  const previous = lastServed(model);
  const first = run.deployInBackground(model, run.image('stuck'), NO_BAKE);
  await run.startedOn(model, first);
  const second = await run.deploy([model], run.image('good'), NO_BAKE);
  first.clock.release();
  const expected = expectDeploy(model, second.taskDefinitionArn, 'good', NO_BAKE);
  checkOutcome(run.truth(model), second.services[0]!, expected, previous, 'good', run.log);
  const superseded = (await first.result).services[0]!;
  const notRolledBack = { rolloutState: 'SUPERSEDED' as const, rolledBack: false };
  checkOutcome(run.truth(model), superseded, notRolledBack, previous, 'stuck', run.log);
}

export async function stopFromOutside(
  run: HistorySteps,
  model: ServiceModel,
  rollbackOnFailure: boolean,
): Promise<void> {
  const previous = lastServed(model);
  const first = run.deployInBackground(model, run.image('stuck'), { rollbackOnFailure, bakeSeconds: 0 });
  await run.startedOn(model, first);
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

export async function timeOut(run: HistorySteps, model: ServiceModel): Promise<void> {
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

/** SIGINT mid-rollout: CANCELLED; `rollback` starts the way back (not followed), `leave` does not. */
export async function cancel(
  run: HistorySteps,
  model: ServiceModel,
  onCancel: 'rollback' | 'leave',
): Promise<void> {
  const previous = lastServed(model);
  const controller = new AbortController();
  const options = { rollbackOnFailure: true, bakeSeconds: 0, onCancel, signal: controller.signal };
  const first = run.deployInBackground(model, run.image('good'), options);
  await run.startedOn(model, first);
  controller.abort(new Error('SIGINT'));
  first.clock.release();
  const result = await first.result;
  const outcome = result.services[0]!;
  const truth = run.truth(model);
  const record = truth.records.find((r) => r.deploymentId === outcome.deploymentId);
  const data = { outcome, previous, truth };
  if (outcome.rolloutState !== 'CANCELLED' || result.succeeded)
    throw failure('a cancelled deploy must say CANCELLED and not succeed', data, run.log);
  if (onCancel === 'leave') {
    if (outcome.rollback !== undefined || record?.status !== 'IN_PROGRESS')
      throw failure('on-cancel leave must leave the rollout going, untouched', data, run.log);
    backOn(model, result.taskDefinitionArn);
    return;
  }
  const started = outcome.rollback;
  if (started?.taskDefinitionArn !== previous || started.rolloutState !== 'IN_PROGRESS')
    throw failure(`on-cancel rollback must start the way back to ${previous}`, data, run.log);
  const undoing =
    record?.status === 'ROLLBACK_REQUESTED' || truth.deployments[0]?.taskDefinitionArn === previous;
  if (!undoing) throw failure('on-cancel rollback reported, but ECS is not rolling back', data, run.log);
  backOn(model, previous);
}
