// Before a COMPLETED verdict stands: do the deployment's tasks stay healthy once the breaker stops counting?
import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import type { DeploymentVerdict } from './deployment-verdict.js';
import { describeStoppedTask, findStoppedTasks } from './stopped-tasks.js';

const HEALTH_FAILURE = /health ?checks?/i;

/**
 * ECS's circuit breaker stops counting once one task of a deployment has been healthy, so a
 * version whose tasks pass health checks and then fail them can still be called COMPLETED. Before
 * such a verdict stands, this counts the deployment's tasks stopped for failing health checks:
 * at the breaker's own threshold (half the desired count, at least 3, at most 200) it is a failure.
 */
export async function confirmServing(
  ecs: ECSClient,
  cluster: string,
  service: Service,
  verdict: Extract<DeploymentVerdict, { state: 'completed' }>,
): Promise<DeploymentVerdict> {
  const deployment = verdict.deployment;
  const stopped = await findStoppedTasks(ecs, {
    cluster,
    service: service.serviceName!,
    deploymentId: deployment.id,
    limit: 100,
  });
  const unhealthy = stopped.filter((t) => HEALTH_FAILURE.test(t.stoppedReason ?? ''));
  const threshold = Math.min(200, Math.max(3, Math.ceil(0.5 * (deployment.desiredCount ?? 0))));
  if (unhealthy.length < threshold) return verdict;
  return {
    state: 'failed',
    deployment,
    reason: `ECS called the rollout COMPLETED, but ${unhealthy.length} of its tasks have failed health checks after starting (e.g. ${describeStoppedTask(unhealthy[0]!)}): the new version does not stay healthy`,
  };
}
