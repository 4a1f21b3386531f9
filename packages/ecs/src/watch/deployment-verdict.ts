// Judging one followed deployment from one DescribeServices answer: completed, failed, rolled back...
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { shortArn } from '../task-definition/names.js';

/** What one deployment we started has come to, judged from one DescribeServices answer. */
export type DeploymentVerdict =
  | { state: 'in-progress'; deployment: Deployment }
  | { state: 'completed'; deployment: Deployment }
  | { state: 'failed'; deployment: Deployment; reason: string }
  | { state: 'rolled-back'; replacement: Deployment; reason: string }
  | { state: 'superseded'; replacement?: Deployment; reason: string }
  | { state: 'service-inactive'; reason: string };

export const FINAL_STATES: ReadonlySet<string> = new Set<DeploymentVerdict['state']>([
  'completed',
  'failed',
  'rolled-back',
  'superseded',
  'service-inactive',
]);

export interface FollowedDeployment {
  deploymentId: string;
  /** The task definition the service ran before; a PRIMARY on it after ours vanished is a rollback. */
  previousTaskDefinitionArn?: string;
}

/**
 * Judges our deployment. Completed means it is the PRIMARY, ECS calls the rollout COMPLETED and
 * it runs every desired task while no older deployment still runs any: the new version is the one
 * serving. ECS's breaker rollback removes the failed deployment and starts one of the old task
 * definition, so "our id is gone and the old task definition is PRIMARY" is a failure, not success.
 */
export function judgeDeployment(
  service: Service | undefined,
  followed: FollowedDeployment,
): DeploymentVerdict {
  if (!service) return { state: 'service-inactive', reason: 'the service no longer exists' };
  if (service.status !== 'ACTIVE') {
    return {
      state: 'service-inactive',
      reason: `the service is ${service.status ?? 'gone'}, no longer ACTIVE`,
    };
  }
  const deployments = service.deployments ?? [];
  const ours = deployments.find((d) => d.id === followed.deploymentId);
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  if (ours?.rolloutState === 'FAILED') {
    return {
      state: 'failed',
      deployment: ours,
      reason: ours.rolloutStateReason ?? 'ECS marked the deployment FAILED',
    };
  }
  if (ours && ours.status === 'PRIMARY') {
    const othersRunning = deployments.some((d) => d !== ours && (d.runningCount ?? 0) > 0);
    const completed =
      ours.rolloutState === 'COMPLETED' || (ours.rolloutState === undefined && deployments.length === 1);
    const allRunning = (ours.runningCount ?? 0) >= (ours.desiredCount ?? 0);
    return completed && allRunning && !othersRunning
      ? { state: 'completed', deployment: ours }
      : { state: 'in-progress', deployment: ours };
  }
  if (!primary) {
    return ours
      ? { state: 'in-progress', deployment: ours }
      : { state: 'superseded', reason: `deployment ${followed.deploymentId} is no longer on the service` };
  }
  const rolledBack =
    followed.previousTaskDefinitionArn !== undefined &&
    primary.taskDefinition === followed.previousTaskDefinitionArn;
  const fate = ours ? 'is no longer PRIMARY' : 'is no longer on the service';
  if (rolledBack) {
    return {
      state: 'rolled-back',
      replacement: primary,
      reason: `deployment ${followed.deploymentId} ${fate}: ECS rolled back to ${shortArn(primary.taskDefinition)} (${primary.id})`,
    };
  }
  return {
    state: 'superseded',
    replacement: primary,
    reason: `deployment ${followed.deploymentId} ${fate}: deployment ${primary.id} of ${shortArn(primary.taskDefinition)} replaced it`,
  };
}
