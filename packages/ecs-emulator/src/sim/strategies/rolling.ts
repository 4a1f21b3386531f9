// The ROLLING strategy's scheduler pass: keeps minimumHealthyPercent of the desired count healthy
// and at most maximumPercent of it running, drains older deployments as the PRIMARY one comes up,
// completes the rollout (after an alarm bake when deployment alarms are on), and notices steady state.
import type { Deployment, Json, Service, Task } from '../../model.js';
import { alarmBakeMs } from '../alarms.js';
import { recordFor } from '../deployments.js';
import { launchTask } from '../task-lifecycle.js';
import { isLive, isServing, taskList } from '../task-state.js';
import { beginStop } from '../task-stop.js';
import type { World } from '../world.js';

const byServingLast = (a: Task, b: Task) =>
  Number(isServing(a)) - Number(isServing(b)) || b.createdAt - a.createdAt;

export function scheduleRolling(world: World, service: Service, primary: Deployment, at: number): void {
  const tasks = world.serviceTasks(service);
  const liveOf = (deployment: Deployment) =>
    tasks.filter((t) => t.deploymentId === deployment.id && isLive(t));
  const desired = service.desiredCount;
  primary.desiredCount = desired;
  const { minimumHealthyPercent, maximumPercent } = service.deploymentConfiguration;
  const minHealthy = Math.ceil((desired * minimumHealthyPercent) / 100);
  const maxTotal = Math.floor((desired * maximumPercent) / 100);

  const stopped: Task[] = [];
  const stop = (task: Task) => {
    beginStop(
      world,
      task,
      at,
      'ServiceSchedulerInitiated',
      `Scaling activity initiated by (deployment ${primary.id})`,
    );
    stopped.push(task);
  };
  // Scale-in of the primary itself (desiredCount lowered): not-yet-serving tasks go first.
  const primaryLive = liveOf(primary).sort(byServingLast);
  for (const task of primaryLive.slice(0, Math.max(0, primaryLive.length - desired))) stop(task);

  // Drain older deployments while enough healthy tasks remain.
  let healthy = tasks.filter(isServing).length;
  for (const old of service.deployments.slice(1)) {
    for (const task of liveOf(old).sort(byServingLast)) {
      if (!isServing(task)) stop(task);
      else if (healthy - 1 >= minHealthy) {
        stop(task);
        healthy--;
      }
    }
    old.desiredCount = liveOf(old).length;
    old.updatedAt = at;
  }
  if (stopped.length > 0)
    world.addEvent(service, `has stopped ${stopped.length} running tasks: ${taskList(stopped)}.`, at);
  const gone = service.deployments.slice(1).filter((old) => liveOf(old).length === 0);
  for (const old of gone) old.status = 'INACTIVE';
  if (gone.length > 0) service.deployments = service.deployments.filter((d) => !gone.includes(d));

  launch(world, service, primary, liveOf, maxTotal, at);
  if (!alarmBakeHolds(world, service, primary, liveOf(primary), at))
    complete(world, service, primary, liveOf(primary), at);
}

/** With deployment alarms on, a settled rollout stays IN_PROGRESS while ECS keeps watching them. */
function alarmBakeHolds(
  world: World,
  service: Service,
  primary: Deployment,
  live: Task[],
  at: number,
): boolean {
  const record = recordFor(world, primary);
  const alarms = record?.deploymentConfiguration.alarms as Json | undefined;
  if (!record || record.status !== 'IN_PROGRESS' || !alarms?.enable || primary.rolloutState !== 'IN_PROGRESS')
    return false;
  const settled =
    service.deployments.length === 1 &&
    live.length === service.desiredCount &&
    live.filter(isServing).length === service.desiredCount;
  if (!settled && record.alarmBakeUntil === undefined) return false;
  record.alarmBakeUntil ??= at + alarmBakeMs(world, (alarms.alarmNames as string[] | undefined) ?? []);
  if (at >= record.alarmBakeUntil) return false;
  world.wakeAt(service, record.alarmBakeUntil);
  return true;
}

function launch(
  world: World,
  service: Service,
  primary: Deployment,
  liveOf: (deployment: Deployment) => Task[],
  maxTotal: number,
  at: number,
): void {
  const liveTotal = service.deployments.reduce((sum, d) => sum + liveOf(d).length, 0);
  let count = Math.min(service.desiredCount - liveOf(primary).length, maxTotal - liveTotal);
  if (count <= 0) return;
  if (primary.rolloutState === 'FAILED') {
    // A failed deployment without rollback keeps trying, one task at a time with a pause.
    if (primary.relaunchNotBefore !== undefined && at < primary.relaunchNotBefore) {
      world.wakeAt(service, primary.relaunchNotBefore);
      return;
    }
    count = 1;
    primary.relaunchNotBefore = at + world.timings.failedRelaunch * 1000;
  }
  const started = Array.from({ length: count }, () => launchTask(world, service, primary, at));
  primary.updatedAt = at;
  world.addEvent(service, `has started ${started.length} tasks: ${taskList(started)}.`, at);
}

/** COMPLETED once the primary alone runs the desired count, all serving; then steady state. */
export function complete(
  world: World,
  service: Service,
  primary: Deployment,
  primaryLive: Task[],
  at: number,
): void {
  const serving = primaryLive.filter(isServing).length;
  const settled = service.deployments.length === 1 && primaryLive.length === service.desiredCount;
  if (primary.rolloutState === 'IN_PROGRESS' && settled && serving === service.desiredCount) {
    primary.rolloutState = 'COMPLETED';
    primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
    primary.updatedAt = at;
    service.lastCompleted = {
      taskDefinitionArn: primary.taskDefinitionArn,
      serviceRevisionArn: primary.serviceRevisionArn,
      deploymentId: primary.id,
    };
    world.addEvent(service, `(deployment ${primary.id}) deployment completed.`, at);
    const record = recordFor(world, primary);
    if (record && (record.status === 'IN_PROGRESS' || record.status === 'ROLLBACK_IN_PROGRESS')) {
      record.status = record.rollbackDeploymentId === primary.id ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL';
      record.finishedAt = at;
      record.updatedAt = at;
    }
  }
  const steady = settled && primary.rolloutState === 'COMPLETED' && serving === service.desiredCount;
  if (steady && !service.steady) world.addEvent(service, 'has reached a steady state.', at);
  service.steady = steady;
}
