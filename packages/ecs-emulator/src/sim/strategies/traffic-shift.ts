// BLUE_GREEN, LINEAR and CANARY: green (the new revision) scales up beside blue, takes the test
// listener's traffic, then production traffic in the strategy's steps, bakes with blue still
// running, and blue is cleaned up; hooks may hold any hook stage. A rollback before CLEAN_UP is a
// traffic switch back to blue (still running), then green's tasks stop.
import type { Deployment, Service, ServiceDeploymentRecord } from '../../model.js';
import type { LifecycleStage, TrafficShift } from '../../model-strategies.js';
import { recordFor } from '../deployments.js';
import { launchTask } from '../task-lifecycle.js';
import { isServing, taskList } from '../task-state.js';
import type { World } from '../world.js';
import { runHooks } from './hooks.js';
import { liveOf, stopAll } from './fleet.js';
import { complete } from './rolling.js';
import { rollBackTrafficShift } from './traffic-rollback.js';
import { shiftPlan } from './traffic-begin.js';

const HOOK_STAGES = new Set([
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
]);
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
