// The service scheduler (rolling update): keeps minimumHealthyPercent of the desired count healthy
// and at most maximumPercent of it running, drains older deployments as the PRIMARY one comes up,
// completes the rollout, and notices steady state.
import type { Deployment, Service, Task } from '../model.js';
import { recordFor, startRollback } from './deployments.js';
import { launchTask } from './task-lifecycle.js';
import { beginStop } from './task-stop.js';
import type { World } from './world.js';

const isLive = (task: Task) => task.desiredStatus === 'RUNNING' && task.lastStatus !== 'STOPPED';
/** Counts for minimumHealthyPercent and the load balancer: running, health checks passed. */
export const isServing = (task: Task) =>
  isLive(task) && task.lastStatus === 'RUNNING' && task.healthStatus === 'HEALTHY';
const byServingLast = (a: Task, b: Task) =>
  Number(isServing(a)) - Number(isServing(b)) || b.createdAt - a.createdAt;

function taskList(tasks: Task[]): string {
  return tasks.map((task) => `(task ${task.id})`).join(' ');
}

export function schedule(world: World, service: Service, at: number): void {
  if (service.status === 'INACTIVE') return;
  const tasks = world.serviceTasks(service);
  if (service.status === 'DRAINING') {
    drainAll(world, service, tasks, at);
    return;
  }
  runRequestedRollbacks(world, service, at);
  const primary = service.deployments[0];
  if (!primary || service.deploymentController.type === 'EXTERNAL') return;
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
  complete(world, service, primary, liveOf(primary), at);
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

function complete(
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

function drainAll(world: World, service: Service, tasks: Task[], at: number): void {
  const live = tasks.filter(isLive);
  for (const task of live)
    beginStop(world, task, at, 'ServiceSchedulerInitiated', 'Service is being deleted');
  if (live.length > 0)
    world.addEvent(service, `has stopped ${live.length} running tasks: ${taskList(live)}.`, at);
  for (const deployment of service.deployments) deployment.desiredCount = 0;
  if (tasks.every((task) => task.lastStatus === 'STOPPED')) {
    service.status = 'INACTIVE';
    for (const deployment of service.deployments) deployment.updatedAt = at;
  }
}

/** StopServiceDeployment(ROLLBACK) asked for these; start them on the scheduler's clock. */
function runRequestedRollbacks(world: World, service: Service, at: number): void {
  for (const record of world.state.serviceDeployments.values()) {
    if (record.status !== 'ROLLBACK_REQUESTED') continue;
    if (record.serviceName !== service.name || record.clusterName !== service.clusterName) continue;
    const from = service.deployments.find((d) => d.serviceDeploymentArn === record.arn);
    const revision = world.state.serviceRevisions.get(record.sourceRevisionArns[0] ?? '');
    if (!from || !revision) {
      record.status = 'ROLLBACK_FAILED';
      record.statusReason = 'No previous service revision to roll back to.';
      record.finishedAt = at;
      continue;
    }
    const previous = service.deployments.find((d) => d.serviceRevisionArn === revision.arn);
    const target = {
      taskDefinitionArn: revision.taskDefinitionArn,
      serviceRevisionArn: revision.arn,
      ...(previous ? { deploymentId: previous.id } : {}),
    };
    startRollback(
      world,
      service,
      from,
      record,
      target,
      'Service deployment rolled back on request (StopServiceDeployment).',
      at,
    );
  }
}
