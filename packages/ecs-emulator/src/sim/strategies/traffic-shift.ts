// BLUE_GREEN, LINEAR and CANARY: green (the new revision) scales up beside blue, takes the test
// listener's traffic, then production traffic in the strategy's steps, bakes with blue still
// running, and blue is cleaned up; hooks may hold any hook stage. A rollback before CLEAN_UP is a
// traffic switch back to blue (still running), then green's tasks stop.
import type { Deployment, Service, ServiceDeploymentRecord } from '../../model.js';
import type { LifecycleStage, TrafficShift } from '../../model-strategies.js';
import { recordFor, startRollback, type RollbackTarget } from '../deployments.js';
import { launchTask } from '../task-lifecycle.js';
import { isLive, isServing, taskList } from '../task-state.js';
import { beginStop } from '../task-stop.js';
import type { World } from '../world.js';
import { runHooks } from './hooks.js';
import { complete } from './rolling.js';
import { shiftPlan } from './traffic-begin.js';

const HOOK_STAGES = new Set(['RECONCILE_SERVICE', 'PRE_SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT']);
const NEXT: Partial<Record<LifecycleStage, LifecycleStage>> = {
  RECONCILE_SERVICE: 'PRE_SCALE_UP',
  PRE_SCALE_UP: 'SCALE_UP',
  SCALE_UP: 'POST_SCALE_UP',
  POST_SCALE_UP: 'TEST_TRAFFIC_SHIFT',
  TEST_TRAFFIC_SHIFT: 'POST_TEST_TRAFFIC_SHIFT',
  POST_TEST_TRAFFIC_SHIFT: 'PRODUCTION_TRAFFIC_SHIFT',
  PRODUCTION_TRAFFIC_SHIFT: 'POST_PRODUCTION_TRAFFIC_SHIFT',
  POST_PRODUCTION_TRAFFIC_SHIFT: 'BAKE_TIME',
  BAKE_TIME: 'CLEAN_UP',
};
HOOK_STAGES.add('POST_TEST_TRAFFIC_SHIFT').add('POST_PRODUCTION_TRAFFIC_SHIFT');

const liveOf = (world: World, service: Service, deployment: Deployment) =>
  world.serviceTasks(service).filter((t) => t.deploymentId === deployment.id && isLive(t));

function stopAll(world: World, service: Service, tasks: ReturnType<typeof liveOf>, by: string, at: number) {
  for (const task of tasks)
    beginStop(
      world,
      task,
      at,
      'ServiceSchedulerInitiated',
      `Scaling activity initiated by (deployment ${by})`,
    );
  if (tasks.length > 0)
    world.addEvent(service, `has stopped ${tasks.length} running tasks: ${taskList(tasks)}.`, at);
}

/** Launches tasks until `deployment` runs `count` (a FAILED deployment launches no more). */
function keepRunning(world: World, service: Service, deployment: Deployment, count: number, at: number) {
  deployment.desiredCount = count;
  const missing = count - liveOf(world, service, deployment).length;
  if (missing <= 0 || deployment.rolloutState === 'FAILED') return;
  const started = Array.from({ length: missing }, () => launchTask(world, service, deployment, at));
  deployment.updatedAt = at;
  world.addEvent(service, `has started ${started.length} tasks: ${taskList(started)}.`, at);
}

export function scheduleTrafficShift(world: World, service: Service, green: Deployment, at: number): void {
  const record = recordFor(world, green)!;
  const ts = record.trafficShift!;
  const blue = service.deployments.find((d) => d.id === ts.blueDeploymentId);
  const target = {
    taskDefinitionArn: blue?.taskDefinitionArn ?? '',
    serviceRevisionArn: blue?.serviceRevisionArn ?? '',
  };
  if (ts.rollbackReason)
    return rollBackTrafficShift(world, service, green, record, target, ts.rollbackReason, at);
  green.desiredCount = service.desiredCount;
  // Deployments neither blue nor green (an older one superseded mid-way) stop now.
  for (const other of service.deployments.filter((d) => d !== green && d !== blue))
    stopAll(world, service, liveOf(world, service, other), green.id, at);
  service.deployments = service.deployments.filter(
    (d) => d === green || d === blue || liveOf(world, service, d).length > 0,
  );
  if (blue && ts.stage !== 'CLEAN_UP') keepRunning(world, service, blue, service.desiredCount, at);
  if (ts.stage !== 'RECONCILE_SERVICE' && ts.stage !== 'PRE_SCALE_UP')
    keepRunning(world, service, green, service.desiredCount, at);
  for (let guard = 0; guard < 64; guard++) {
    const next = stageDone(world, service, record, ts, green, blue, at);
    if (ts.rollbackReason)
      return rollBackTrafficShift(world, service, green, record, target, ts.rollbackReason, at);
    if (next === 'finished' || !next) return;
    ts.stage = next;
    ts.stageStartedAt = at;
    record.updatedAt = at;
    if (next === 'SCALE_UP') keepRunning(world, service, green, service.desiredCount, at);
  }
}

/** The next stage when the current one is done, 'finished' at the end, undefined while it waits. */
function stageDone(
  world: World,
  service: Service,
  record: ServiceDeploymentRecord,
  ts: TrafficShift,
  green: Deployment,
  blue: Deployment | undefined,
  at: number,
): LifecycleStage | 'finished' | undefined {
  const hooks = (stage: string, run = stage) => runHooks(world, service, record, ts, stage, run, at);
  switch (ts.stage) {
    case 'SCALE_UP': {
      const serving = liveOf(world, service, green).filter(isServing).length;
      return serving >= service.desiredCount && green.rolloutState !== 'FAILED' ? 'POST_SCALE_UP' : undefined;
    }
    case 'TEST_TRAFFIC_SHIFT':
      ts.testWeight = 100;
      return hooks(ts.stage) === 'done' ? NEXT[ts.stage] : undefined;
    case 'PRODUCTION_TRAFFIC_SHIFT':
      return productionShift(world, service, record, ts, hooks, at);
    case 'BAKE_TIME': {
      const bake = Number(record.deploymentConfiguration.bakeTimeInMinutes ?? 0);
      const end = ts.stageStartedAt + bake * 60_000;
      if (at >= end) return 'CLEAN_UP';
      world.wakeAt(service, end);
      return undefined;
    }
    case 'CLEAN_UP': {
      const blueLive = blue ? liveOf(world, service, blue) : [];
      stopAll(world, service, blueLive, green.id, at);
      if (blue) {
        blue.status = 'INACTIVE';
        service.deployments = service.deployments.filter((d) => d !== blue);
      }
      complete(world, service, green, liveOf(world, service, green), at);
      return 'finished';
    }
    default:
      if (HOOK_STAGES.has(ts.stage)) return hooks(ts.stage) === 'done' ? NEXT[ts.stage] : undefined;
      return NEXT[ts.stage];
  }
}

function productionShift(
  world: World,
  service: Service,
  record: ServiceDeploymentRecord,
  ts: TrafficShift,
  hooks: (stage: string, run?: string) => string,
  at: number,
): LifecycleStage | undefined {
  if (ts.shiftStep === 0 && ts.shiftDueAt === undefined && hooks('PRE_PRODUCTION_TRAFFIC_SHIFT') !== 'done')
    return undefined;
  const plan = shiftPlan(record.deploymentConfiguration);
  while (ts.shiftStep < plan.length) {
    const step = plan[ts.shiftStep]!;
    if (ts.shiftDueAt === undefined) {
      ts.productionWeight = step.weight;
      ts.greenTrafficSince ??= at;
      ts.shiftDueAt = at + step.holdMinutes * 60_000;
      record.updatedAt = at;
    }
    if (hooks('PRODUCTION_TRAFFIC_SHIFT', `PRODUCTION_TRAFFIC_SHIFT#${ts.shiftStep}`) !== 'done')
      return undefined;
    if (at < ts.shiftDueAt) {
      world.wakeAt(service, ts.shiftDueAt);
      return undefined;
    }
    ts.shiftStep++;
    ts.shiftDueAt = undefined;
  }
  return 'POST_PRODUCTION_TRAFFIC_SHIFT';
}

/** Production and test traffic back on blue at once; green's tasks stop; blue is PRIMARY again. */
export function rollBackTrafficShift(
  world: World,
  service: Service,
  green: Deployment,
  record: ServiceDeploymentRecord,
  target: RollbackTarget,
  reason: string,
  at: number,
): void {
  const ts = record.trafficShift!;
  const blue = service.deployments.find((d) => d.id === ts.blueDeploymentId);
  if (!blue || ts.stage === 'CLEAN_UP') {
    startRollback(world, service, green, record, target, reason, at);
    return;
  }
  delete ts.rollbackReason;
  ts.productionWeight = 0;
  ts.testWeight = 0;
  green.rolloutState = 'FAILED';
  green.rolloutStateReason = reason;
  green.status = 'ACTIVE';
  green.updatedAt = at;
  blue.status = 'PRIMARY';
  service.deployments = [blue, ...service.deployments.filter((d) => d !== blue)];
  record.status = 'ROLLBACK_IN_PROGRESS';
  record.rollbackDeploymentId = blue.id;
  record.rollback = { reason, startedAt: at, serviceRevisionArn: blue.serviceRevisionArn };
  record.updatedAt = at;
  world.addEvent(service, `rolling back to deployment ${blue.id}.`, at);
  stopAll(world, service, liveOf(world, service, green), blue.id, at);
  rollingBack.add(service);
  world.touch(service);
}

/** Services with a traffic rollback whose green tasks are still stopping. */
const rollingBack = new WeakSet<Service>();

/** A traffic rollback is ROLLBACK_SUCCESSFUL once green's tasks have all stopped. */
export function finishTrafficRollbacks(world: World, service: Service, at: number): void {
  const primary = service.deployments[0];
  if (!rollingBack.has(service) || !primary || service.deployments.length > 1) return;
  rollingBack.delete(service);
  for (const record of world.state.serviceDeployments.values()) {
    if (record.status !== 'ROLLBACK_IN_PROGRESS' || !record.trafficShift) continue;
    if (record.rollbackDeploymentId !== primary.id) continue;
    const stillRunning = world
      .serviceTasks(service)
      .some((t) => t.deploymentId === record.deploymentId && t.lastStatus !== 'STOPPED');
    if (stillRunning) {
      rollingBack.add(service);
      continue;
    }
    record.status = 'ROLLBACK_SUCCESSFUL';
    record.finishedAt = at;
    record.updatedAt = at;
  }
}
