// One task's life: PROVISIONING → PENDING → RUNNING (→ HEALTHY) → DEACTIVATING → STOPPING → STOPPED,
// or an early STOPPED when the image cannot be pulled or the essential container exits.
import { newTaskId, taskArn } from '../arns.js';
import type { Deployment, Json, Service, Task } from '../model.js';
import { onTaskFailed, onTaskHealthy } from './breaker.js';
import { beginStop } from './task-stop.js';
import { seconds } from './timings.js';
import type { World } from './world.js';

/** The container whose image decides the task's behaviour: the first essential one. */
export function mainContainer(body: Json): Json | undefined {
  const containers = (body.containerDefinitions as Json[] | undefined) ?? [];
  return containers.find((container) => container.essential !== false) ?? containers[0];
}

/** A new task's record as ECS starts every task, a service's or a one-off: PROVISIONING at `at`. */
export function provisioningTask(
  world: World,
  task: Pick<Task, 'clusterName' | 'taskDefinitionArn' | 'image' | 'behaviour' | 'group'>,
  at: number,
): Task {
  const id = newTaskId();
  return {
    arn: taskArn(world.ctx, task.clusterName, id),
    id,
    ...task,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    healthStatus: 'UNKNOWN',
    phase: 'provisioning',
    nextAt: at + seconds(world.timings.provisioning),
    createdAt: at,
    succeeded: false,
    version: 1,
    tags: [],
  };
}

export function launchTask(world: World, service: Service, deployment: Deployment, at: number): Task {
  const definition = world.taskDefinition(deployment.taskDefinitionArn);
  const image = String(definition ? (mainContainer(definition.body)?.image ?? '') : '');
  const task: Task = {
    ...provisioningTask(
      world,
      {
        clusterName: service.clusterName,
        taskDefinitionArn: deployment.taskDefinitionArn,
        image,
        behaviour: world.scenarios().behaviourFor(image),
        group: `service:${service.name}`,
      },
      at,
    ),
    serviceName: service.name,
    deploymentId: deployment.id,
    startedBy: deployment.id,
  };
  world.deps.images.status(image); // start the registry lookup early
  world.addTask(task, service);
  return task;
}

export function stepTask(world: World, task: Task, at: number): void {
  const timings = world.timings;
  task.version++;
  switch (task.phase) {
    case 'provisioning':
      task.lastStatus = 'PENDING';
      task.pullStartedAt = at;
      task.phase = 'pulling';
      task.nextAt = at + seconds(timings.pending + task.behaviour.slowStart);
      break;
    case 'pulling':
    case 'awaiting-image': {
      const image = world.deps.images.status(task.image);
      if (image.state === 'pending') {
        task.phase = 'awaiting-image';
        task.nextAt = undefined;
        break;
      }
      task.pullStoppedAt = at;
      if (image.state === 'missing') {
        failTask(world, task, at, 'TaskFailedToStart', image.reason, 'start');
      } else if (task.behaviour.crashOnStart) {
        task.exitCode = task.behaviour.exitCode;
        failTask(world, task, at, 'EssentialContainerExited', 'Essential container in task exited', 'start');
      } else {
        task.lastStatus = 'RUNNING';
        task.startedAt = at;
        task.phase = 'starting-health';
        task.nextAt = at + seconds(timings.healthCheck);
        world.touch(world.serviceOf(task));
      }
      break;
    }
    case 'starting-health':
      if (task.behaviour.unhealthyAfter === 0) {
        becomeUnhealthy(world, task, at);
      } else {
        task.healthStatus = 'HEALTHY';
        task.healthyAt = at;
        task.succeeded = true;
        task.phase = 'healthy';
        const after = task.behaviour.unhealthyAfter;
        task.nextAt = after === undefined ? undefined : at + seconds(after);
        onTaskHealthy(world, task);
      }
      break;
    case 'healthy':
      becomeUnhealthy(world, task, at);
      break;
    case 'unhealthy': {
      const service = world.serviceOf(task);
      const failed = !task.succeeded;
      beginStop(world, task, at, 'ServiceSchedulerInitiated', failHealthChecks(world, task, service, at));
      if (failed) onTaskFailed(world, task, 'health', at);
      break;
    }
    case 'deactivating':
      task.lastStatus = 'STOPPING';
      task.phase = 'stopping';
      task.nextAt = at + seconds(timings.stopping);
      break;
    case 'stopping':
      finishStop(world, task, at);
      break;
    default:
      task.nextAt = undefined;
  }
}

/**
 * ECS's words for a task it stops for failing health checks: behind a load balancer the target
 * group's checks decide, otherwise the container's (AWS: "Amazon ECS service unhealthy event
 * messages", "Amazon ECS stopped task error messages"). Returns the stopped reason.
 */
export function failHealthChecks(
  world: World,
  task: Task,
  service: Service | undefined,
  at: number,
  by?: 'container' | 'elb',
): string {
  const balancer = service?.loadBalancers.find((lb) => typeof lb.targetGroupArn === 'string');
  if (!balancer || by === 'container') {
    if (service) world.addEvent(service, `(task ${task.id}) failed container health checks.`, at);
    return 'Task failed container health checks';
  }
  const group = String(balancer.targetGroupArn);
  const port = String(balancer.containerPort ?? '?');
  if (service) {
    world.addEvent(
      service,
      `(task ${task.id}) (port ${port}) is unhealthy in (target-group ${group}) due to (reason Health checks failed).`,
      at,
    );
  }
  return `Task failed ELB health checks in (target-group ${group})`;
}

function becomeUnhealthy(world: World, task: Task, at: number): void {
  task.healthStatus = 'UNHEALTHY';
  task.phase = 'unhealthy';
  task.nextAt = at + seconds(world.timings.unhealthyStop);
  world.touch(world.serviceOf(task));
}

export function failTask(
  world: World,
  task: Task,
  at: number,
  stopCode: string,
  reason: string,
  kind: 'start' | 'health',
) {
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = at;
  task.stopCode = stopCode;
  task.stoppedReason = reason;
  if (stopCode === 'TaskFailedToStart') task.containerReason = reason;
  finishStop(world, task, at);
  onTaskFailed(world, task, kind, at);
}

export function finishStop(world: World, task: Task, at: number): void {
  task.lastStatus = 'STOPPED';
  task.phase = 'stopped';
  task.stoppedAt = at;
  task.nextAt = undefined;
  if (task.exitCode === undefined && task.startedAt !== undefined) task.exitCode = 0;
  world.touch(world.serviceOf(task));
}
