// Before a COMPLETED verdict stands: do the deployment's tasks stay healthy once the breaker stops counting?
import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import type { DeploymentVerdict } from './deployment-verdict.js';
import { describeStoppedTask, findStoppedTasks } from './stopped-tasks.js';

const HEALTH_FAILURE = /health ?checks?/i;
/** ECS's service events for a failing health check: "failed container health checks", "is unhealthy in". */
const HEALTH_EVENT = /health ?checks?|unhealthy/i;

/**
 * Whether the service's events since the deployment began could hide a task that failed health
 * checks: true unless they reach back before it (ECS shows the newest 100) and none reports one.
 */
export function healthFailuresPossible(service: Service, createdAt: Date | undefined): boolean {
  const since = createdAt?.getTime();
  const events = service.events ?? [];
  if (since === undefined || !events.some((e) => (e.createdAt?.getTime() ?? Infinity) < since)) return true;
  return events.some((e) => (e.createdAt?.getTime() ?? 0) >= since && HEALTH_EVENT.test(e.message ?? ''));
}

/**
 * ECS's circuit breaker stops counting once one task of a deployment has been healthy, so a
 * version whose tasks pass health checks and then fail them can still be called COMPLETED. Before
 * such a verdict stands, this counts the deployment's tasks stopped for failing health checks:
 * at the breaker's own threshold (half the desired count, at least 3, at most 200) it is a failure.
 * ECS reports every such failure as a service event, so when the events since the deployment began
 * show none, the verdict stands without listing tasks (ListTasks + DescribeTasks per service).
 */
export async function confirmServing(
  ecs: ECSClient,
  cluster: string,
  service: Service,
  verdict: Extract<DeploymentVerdict, { state: 'completed' }>,
): Promise<DeploymentVerdict> {
  const deployment = verdict.deployment;
  if (!healthFailuresPossible(service, deployment.createdAt)) return verdict;
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
