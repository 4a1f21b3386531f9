// Checks of one verdict against the emulator's ground truth (its own records of every deployment,
// not the API answers the code under test read) and of a settled service against the test's model.
import type { EmulatorHandle, ServiceTruth } from '@shipline/ecs-emulator';
import type { ServiceOutcome } from '../../src/index.js';
import { lastServed, type ExpectedOutcome, type ServiceModel } from './history-model.js';

export function failure(message: string, data: unknown, log: string[]): Error {
  return new Error(
    `${message}\n${JSON.stringify(data, null, 2)}\n--- log of the history (last 80 lines)\n${log.slice(-80).join('\n')}`,
  );
}

/** What ECS did with one deployment, from the emulator's records. */
export function truthVerdict(truth: ServiceTruth, deploymentId: string | undefined): string {
  const record = truth.records.find((r) => r.deploymentId === deploymentId);
  const primary = truth.deployments[0];
  const rollback = truth.records.find((r) => r.rollbackDeploymentId === deploymentId);
  if (rollback) {
    // ECS's own rollback deployment (a redeploy of what it runs follows it): its record's outcome.
    if (rollback.status === 'ROLLBACK_SUCCESSFUL')
      return primary?.id === deploymentId ? 'COMPLETED' : 'COMPLETED, then replaced';
    return rollback.status === 'ROLLBACK_FAILED' ? 'FAILED' : 'IN_PROGRESS';
  }
  if (!record) return 'UNKNOWN';
  if (record.status === 'SUCCESSFUL')
    return primary?.id === deploymentId ? 'COMPLETED' : 'COMPLETED, then replaced';
  if (record.status.startsWith('ROLLBACK_')) return 'ROLLED_BACK';
  if (record.breakerTriggered) return 'FAILED';
  if (record.status === 'STOPPED') return 'REPLACED';
  return 'IN_PROGRESS';
}

/** Verdicts deploy-ecs may give for what ECS did (bake and deadlines are deploy-ecs's own). */
const CONSISTENT: Record<string, string[]> = {
  COMPLETED: ['COMPLETED'],
  'COMPLETED, then replaced': ['FAILED'],
  FAILED: ['FAILED'],
  ROLLED_BACK: ['FAILED', 'TIMED_OUT'],
  // by another deployment, or by the rollback deploy-ecs started after its deadline
  REPLACED: ['SUPERSEDED', 'TIMED_OUT'],
  IN_PROGRESS: ['IN_PROGRESS'],
};

export function checkOutcome(
  truth: ServiceTruth,
  outcome: ServiceOutcome,
  expected: ExpectedOutcome,
  previous: string,
  kind: string,
  log: string[],
  /** deploy-ecs may call a deployment FAILED that ECS calls COMPLETED: its tasks failed health checks. */
  judgedOnHealth = false,
): void {
  const data = { outcome, expected, previous, truth };
  const actual = truthVerdict(truth, outcome.deploymentId);
  const failedOnHealth = judgedOnHealth && actual.startsWith('COMPLETED');
  if (!(CONSISTENT[actual] ?? []).includes(outcome.rolloutState) && !failedOnHealth)
    throw failure(`deploy said ${outcome.rolloutState} but ECS's record says ${actual}`, data, log);
  if (outcome.rolloutState !== expected.rolloutState || outcome.rolledBack !== expected.rolledBack)
    throw failure(
      `a ${kind} deploy must end ${expected.rolloutState}${expected.rolledBack ? ', rolled back' : ''}`,
      data,
      log,
    );
  if (expected.by !== undefined && outcome.rollback?.by !== expected.by)
    throw failure(`the rollback must be ECS's or Shipline's as expected (${expected.by})`, data, log);
  if (expected.backTo !== undefined && outcome.rollback?.taskDefinitionArn !== expected.backTo)
    throw failure(`the rollback must return to ${expected.backTo}`, data, log);
  const undoneTo = truth.records.find(
    (r) => r.deploymentId === outcome.deploymentId,
  )?.rollbackTaskDefinitionArn;
  if (expected.backTo !== undefined && undoneTo !== undefined && undoneTo !== expected.backTo)
    throw failure(`ECS rolled the deployment back to ${undoneTo}, not to ${expected.backTo}`, data, log);
  if (outcome.previousTaskDefinitionArn !== previous)
    throw failure(`the recorded previous revision must be the one that last served (${previous})`, data, log);
  const primary = truth.deployments[0];
  if (outcome.rolloutState === 'COMPLETED') {
    const running =
      primary !== undefined &&
      primary.id === outcome.deploymentId &&
      primary.rolloutState === 'COMPLETED' &&
      primary.taskDefinitionArn === outcome.taskDefinitionArn &&
      truth.deployments.length === 1 &&
      (kind === 'sick' || primary.servingCount === primary.desiredCount);
    if (!running)
      throw failure('COMPLETED, but the deployment is not the one running all its tasks', data, log);
  }
}

/** Every touched service has stopped moving: no rollout in progress, nothing left to drain. */
export function settled(emulator: EmulatorHandle, cluster: string, service: string): true | undefined {
  const truth = emulator.serviceTruth(cluster, service);
  const primary = truth?.deployments[0];
  if (!truth || !primary) return undefined;
  if (truth.deployments.some((d) => d.rolloutState === 'IN_PROGRESS')) return undefined;
  return primary.rolloutState !== 'COMPLETED' || truth.deployments.length === 1 ? true : undefined;
}

export function checkSettled(
  truth: ServiceTruth,
  model: ServiceModel,
  isSick: (td: string) => boolean,
  log: string[],
): void {
  const primary = truth.deployments[0]!;
  const data = { model, truth };
  if (primary.taskDefinitionArn !== model.current)
    throw failure(`${model.name} must be on ${model.current} once the step settles`, data, log);
  if (model.failedPrimary) {
    if (primary.rolloutState !== 'FAILED')
      throw failure(`${model.name}'s PRIMARY must be the FAILED deployment left in place`, data, log);
  } else if (
    primary.rolloutState !== 'COMPLETED' ||
    (!isSick(model.current) && primary.servingCount !== primary.desiredCount)
  ) {
    throw failure(`${model.name} must be COMPLETED and serving every task`, data, log);
  }
  if (truth.lastCompleted?.taskDefinitionArn !== lastServed(model))
    throw failure(`the model's last served revision of ${model.name} disagrees with ECS's`, data, log);
}
