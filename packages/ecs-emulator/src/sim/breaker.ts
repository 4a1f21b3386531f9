// The deployment circuit breaker: counts a deployment's failed tasks until one runs healthy, trips
// at the AWS threshold, and rolls back to the last COMPLETED task definition when asked to.
import type { Deployment, Service, Task } from '../model.js';
import { breakerThreshold, recordFor } from './deployments.js';
import type { World } from './world.js';

function deploymentOf(world: World, task: Task): { service: Service; deployment: Deployment } | undefined {
  const service = world.serviceOf(task);
  const deployment = service?.deployments.find((d) => d.id === task.deploymentId);
  return service && deployment ? { service, deployment } : undefined;
}

export function onTaskHealthy(world: World, task: Task): void {
  const found = deploymentOf(world, task);
  if (!found) return;
  world.touch(found.service);
  if (found.deployment.breakerDisarmed) return;
  // "Once a deployment has one or more successfully running tasks, the failed task count resets."
  found.deployment.breakerDisarmed = true;
  found.deployment.failedTasks = 0;
}

export function onTaskFailed(world: World, task: Task, kind: 'start' | 'health', at: number): void {
  const found = deploymentOf(world, task);
  if (!found) return;
  const { service, deployment } = found;
  world.touch(service);
  if (deployment.breakerDisarmed) return;
  deployment.failedTasks++;
  deployment.lastFailure = kind;
  deployment.updatedAt = at;
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
  if (
    breaker.enable &&
    deployment.rolloutState === 'IN_PROGRESS' &&
    deployment.failedTasks >= breakerThreshold(service.desiredCount)
  ) {
    trip(world, service, deployment, at);
  }
}

function trip(world: World, service: Service, deployment: Deployment, at: number): void {
  const why = deployment.lastFailure === 'health' ? 'tasks failed health checks' : 'tasks failed to start';
  deployment.rolloutState = 'FAILED';
  deployment.rolloutStateReason = `ECS deployment circuit breaker: ${why}.`;
  deployment.updatedAt = at;
  world.addEvent(service, `deployment ${deployment.id} deployment failed: ${why}.`, at);
  const record = recordFor(world, deployment);
  if (record) {
    record.breakerTriggered = true;
    record.updatedAt = at;
  }
  const finish = (status: 'STOPPED' | 'ROLLBACK_FAILED', reason: string) => {
    if (!record) return;
    record.status = status;
    record.statusReason = reason;
    record.finishedAt = at;
    record.stoppedAt = at;
  };
  if (record?.rollbackDeploymentId === deployment.id) {
    finish('ROLLBACK_FAILED', `The rollback deployment failed: ${why}.`);
    return;
  }
  const target = service.lastCompleted;
  if (!service.deploymentConfiguration.deploymentCircuitBreaker.rollback || !target || !record) {
    finish('STOPPED', deployment.rolloutStateReason);
    return;
  }
  world.deps.rules.rollBack(
    world,
    service,
    deployment,
    record,
    target,
    `ECS deployment circuit breaker: ${why}.`,
    at,
  );
}
