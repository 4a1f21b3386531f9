// What the emulator knows about one service, read straight from its state rather than through the
// API: the ECS deployment id of every service-deployment record (the API never shows it), which
// deployment last reached COMPLETED, and the revision a rollback went to. For tests that judge
// another program's verdicts against what really happened.
import { serviceKey } from './model.js';
import type { World } from './sim/world.js';

export interface DeploymentRecordTruth {
  /** The ECS deployment (DescribeServices `deployments[].id`) the record was created for. */
  deploymentId: string;
  /** The deployment ECS started to roll this one back, if it did. */
  rollbackDeploymentId?: string;
  status: string;
  breakerTriggered: boolean;
  taskDefinitionArn: string;
  /** Where the rollback went, if there was one. */
  rollbackTaskDefinitionArn?: string;
  createdAt: number;
  finishedAt?: number;
}

export interface ServiceTruth {
  deployments: {
    id: string;
    status: string;
    rolloutState: string;
    taskDefinitionArn: string;
    desiredCount: number;
    /** Tasks of this deployment RUNNING with health checks passed. */
    servingCount: number;
  }[];
  /** Oldest first. */
  records: DeploymentRecordTruth[];
  /** The deployment that last reached COMPLETED: what ECS's breaker would roll back to. */
  lastCompleted?: { deploymentId: string; taskDefinitionArn: string };
}

export function serviceTruth(world: World, cluster: string, service: string): ServiceTruth | undefined {
  world.advance();
  const found = world.state.services.get(serviceKey(cluster, service));
  if (!found) return undefined;
  const tasks = world.serviceTasks(found);
  const revisionTd = (arn: string | undefined) =>
    arn === undefined ? undefined : world.state.serviceRevisions.get(arn)?.taskDefinitionArn;
  const records = [...world.state.serviceDeployments.values()]
    .filter((r) => r.clusterName === cluster && r.serviceName === service)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((r) => {
      const truth: DeploymentRecordTruth = {
        deploymentId: r.deploymentId,
        status: r.status,
        breakerTriggered: r.breakerTriggered,
        taskDefinitionArn: revisionTd(r.targetRevisionArn) ?? '',
        createdAt: r.createdAt,
      };
      if (r.rollbackDeploymentId !== undefined) truth.rollbackDeploymentId = r.rollbackDeploymentId;
      const rollbackTd = revisionTd(r.rollback?.serviceRevisionArn);
      if (rollbackTd !== undefined) truth.rollbackTaskDefinitionArn = rollbackTd;
      if (r.finishedAt !== undefined) truth.finishedAt = r.finishedAt;
      return truth;
    });
  return {
    deployments: found.deployments.map((d) => ({
      id: d.id,
      status: d.status,
      rolloutState: d.rolloutState,
      taskDefinitionArn: d.taskDefinitionArn,
      desiredCount: d.desiredCount,
      servingCount: tasks.filter(
        (t) =>
          t.deploymentId === d.id &&
          t.desiredStatus === 'RUNNING' &&
          t.lastStatus === 'RUNNING' &&
          t.healthStatus === 'HEALTHY',
      ).length,
    })),
    records,
    ...(found.lastCompleted
      ? {
          lastCompleted: {
            deploymentId: found.lastCompleted.deploymentId,
            taskDefinitionArn: found.lastCompleted.taskDefinitionArn,
          },
        }
      : {}),
  };
}
