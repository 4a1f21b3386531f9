// Creating ECS deployments (the `deployments` of a service) and their service-deployment history.
import { clusterArn, newDeploymentId, serviceDeploymentArn, serviceRevisionArn } from '../arns.js';
import type { Deployment, Service, ServiceDeploymentRecord } from '../model.js';
import { beginTrafficShift } from './strategies/traffic-begin.js';
import { beginStop } from './task-stop.js';
import type { World } from './world.js';

/** AWS's circuit-breaker threshold: half the desired count, at least 3, at most 200. */
export const breakerThreshold = (desiredCount: number) =>
  Math.min(200, Math.max(3, Math.ceil(0.5 * desiredCount)));

export const FINISHED_STATUSES = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);

function newDeployment(
  world: World,
  service: Service,
  taskDefinitionArn: string,
  at: number,
  links: { serviceRevisionArn: string; serviceDeploymentArn: string; reason?: string },
): Deployment {
  const id = newDeploymentId();
  const deployment: Deployment = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    breakerDisarmed: false,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: links.reason ?? `ECS deployment ${id} in progress.`,
    createdAt: at,
    updatedAt: at,
    serviceDeploymentArn: links.serviceDeploymentArn,
    serviceRevisionArn: links.serviceRevisionArn,
  };
  if (service.launchType !== undefined) deployment.launchType = service.launchType;
  if (service.networkConfiguration !== undefined)
    deployment.networkConfiguration = service.networkConfiguration;
  for (const other of service.deployments) other.status = 'ACTIVE';
  service.deployments.unshift(deployment);
  service.steady = false;
  world.touch(service);
  return deployment;
}

export function recordFor(world: World, deployment: Deployment): ServiceDeploymentRecord | undefined {
  return world.state.serviceDeployments.get(deployment.serviceDeploymentArn);
}

/** CreateService, or an UpdateService that needs new tasks: a new PRIMARY deployment + history record. */
export function startDeployment(
  world: World,
  service: Service,
  taskDefinitionArn: string,
  at: number,
): Deployment {
  const { ctx } = world;
  const cluster = clusterArn(ctx, service.clusterName);
  const revisionArn = serviceRevisionArn(ctx, service.clusterName, service.name);
  world.state.serviceRevisions.set(revisionArn, {
    arn: revisionArn,
    serviceArn: service.arn,
    clusterArn: cluster,
    taskDefinitionArn,
    createdAt: at,
    ...(service.launchType === undefined ? {} : { launchType: service.launchType }),
    ...(service.networkConfiguration === undefined
      ? {}
      : { networkConfiguration: service.networkConfiguration }),
  });
  // The deployment production traffic is on: blue for a shifting deployment that follows.
  let serving = service.deployments.find((d) => d.rolloutState === 'COMPLETED');
  for (const record of world.state.serviceDeployments.values()) {
    if (record.serviceName !== service.name || record.clusterName !== service.clusterName) continue;
    if (FINISHED_STATUSES.has(record.status)) continue;
    const green = service.deployments.find((d) => d.serviceDeploymentArn === record.arn);
    if (green && (record.trafficShift?.productionWeight ?? 0) >= 50) serving = green;
    record.status = 'STOPPED';
    record.statusReason = 'Stopped because a new service deployment started.';
    record.stoppedAt = at;
    record.updatedAt = at;
  }
  const record: ServiceDeploymentRecord = {
    arn: serviceDeploymentArn(ctx, service.clusterName, service.name),
    serviceName: service.name,
    clusterName: service.clusterName,
    status: 'IN_PROGRESS',
    createdAt: at,
    startedAt: at,
    updatedAt: at,
    targetRevisionArn: revisionArn,
    sourceRevisionArns: [...new Set(service.deployments.map((d) => d.serviceRevisionArn))],
    deploymentId: '',
    deploymentConfiguration: structuredClone(service.deploymentConfiguration),
    breakerTriggered: false,
  };
  world.state.serviceDeployments.set(record.arn, record);
  const before = [...service.deployments];
  const deployment = newDeployment(world, service, taskDefinitionArn, at, {
    serviceRevisionArn: revisionArn,
    serviceDeploymentArn: record.arn,
  });
  record.deploymentId = deployment.id;
  const trafficShift = beginTrafficShift(service, before, serving, at);
  if (trafficShift) record.trafficShift = trafficShift;
  return deployment;
}

export interface RollbackTarget {
  taskDefinitionArn: string;
  serviceRevisionArn: string;
  /** The ECS deployment that last ran this revision, for the event message. */
  deploymentId?: string;
}

/** Replaces `from` (failed or stopped by request) with a new deployment of `target`'s revision. */
export function startRollback(
  world: World,
  service: Service,
  from: Deployment,
  record: ServiceDeploymentRecord,
  target: RollbackTarget,
  reason: string,
  at: number,
): Deployment {
  const name = target.deploymentId ?? target.serviceRevisionArn;
  const rollback = newDeployment(world, service, target.taskDefinitionArn, at, {
    serviceRevisionArn: target.serviceRevisionArn,
    serviceDeploymentArn: record.arn,
    reason: `${reason} Rolling back to ${name}.`,
  });
  from.status = 'INACTIVE';
  service.deployments = service.deployments.filter((d) => d !== from);
  const stopped = world
    .serviceTasks(service)
    .filter((task) => task.deploymentId === from.id && task.desiredStatus === 'RUNNING');
  for (const task of stopped) {
    beginStop(
      world,
      task,
      at,
      'ServiceSchedulerInitiated',
      `Scaling activity initiated by (deployment ${rollback.id})`,
    );
  }
  record.rollbackDeploymentId = rollback.id;
  record.status = 'ROLLBACK_IN_PROGRESS';
  record.rollback = { reason, startedAt: at, serviceRevisionArn: target.serviceRevisionArn };
  record.updatedAt = at;
  world.addEvent(service, `rolling back to deployment ${name}.`, at);
  if (stopped.length > 0) {
    const list = stopped.map((task) => `(task ${task.id})`).join(' ');
    world.addEvent(service, `has stopped ${stopped.length} running tasks: ${list}.`, at);
  }
  return rollback;
}
