// Lifecycle hooks of a traffic-shifting deployment: each hook configured for a stage runs once per
// pass of that stage. AWS_LAMBDA hooks answer as the scenario's hook rules say (SUCCEEDED or FAILED
// after N seconds); PAUSE hooks wait AWAITING_ACTION for ContinueServiceDeployment. Either times
// out after timeoutInMinutes (default 1440) with its timeout action (default ROLLBACK).
import { randomBytes } from 'node:crypto';
import type { Json, Service, ServiceDeploymentRecord } from '../../model.js';
import type { HookExecution, TrafficShift } from '../../model-strategies.js';
import type { World } from '../world.js';

export type HooksOutcome = 'done' | 'waiting' | 'failed';

function configuredHooks(record: ServiceDeploymentRecord, stage: string): Json[] {
  const hooks = (record.deploymentConfiguration.lifecycleHooks as Json[] | undefined) ?? [];
  return hooks.filter((hook) => (hook.lifecycleStages as string[]).includes(stage));
}

function start(world: World, hook: Json, stage: string, run: string, at: number): HookExecution {
  const timeout = (hook.timeoutConfiguration as Json | undefined) ?? {};
  const minutes = typeof timeout.timeoutInMinutes === 'number' ? timeout.timeoutInMinutes : 1440;
  const pause = hook.targetType === 'PAUSE';
  const execution: HookExecution = {
    hookId: `ecs-${pause ? 'pause' : 'lambda'}-${randomBytes(32).toString('base64url')}`,
    targetType: pause ? 'PAUSE' : 'AWS_LAMBDA',
    hookStage: stage,
    run,
    status: pause ? 'AWAITING_ACTION' : 'IN_PROGRESS',
    startedAt: at,
    expiresAt: at + minutes * 60_000,
    timeoutAction: timeout.action === 'CONTINUE' ? 'CONTINUE' : 'ROLLBACK',
  };
  if (!pause) {
    execution.targetArn = String(hook.hookTargetArn);
    const outcome = world.scenarios().hookOutcome(execution.targetArn);
    execution.resolvesAt = at + outcome.afterSeconds * 1000;
    execution.resolvesTo = outcome.succeed ? 'SUCCEEDED' : 'FAILED';
  }
  return execution;
}

const pending = (h: HookExecution) => h.status === 'AWAITING_ACTION' || h.status === 'IN_PROGRESS';

/** Starts the hooks of `stage` for this pass (`run`) once, settles them at `at`, and says where they are. */
export function runHooks(
  world: World,
  service: Service,
  record: ServiceDeploymentRecord,
  ts: TrafficShift,
  stage: string,
  run: string,
  at: number,
): HooksOutcome {
  const configured = configuredHooks(record, stage);
  if (configured.length === 0) return 'done';
  if (ts.hooksRun !== run) {
    ts.hooksRun = run;
    for (const hook of configured) ts.hooks.push(start(world, hook, stage, run, at));
    record.updatedAt = at;
  }
  const mine = ts.hooks.filter((h) => h.run === run);
  let wake = Infinity;
  for (const hook of mine) {
    if (hook.status === 'IN_PROGRESS' && hook.resolvesAt !== undefined && at >= hook.resolvesAt)
      hook.status = hook.resolvesTo ?? 'SUCCEEDED';
    else if (pending(hook) && at >= hook.expiresAt) hook.status = 'TIMED_OUT';
    if (pending(hook)) wake = Math.min(wake, hook.resolvesAt ?? Infinity, hook.expiresAt);
  }
  const failed = mine.find(
    (h) => h.status === 'FAILED' || (h.status === 'TIMED_OUT' && h.timeoutAction === 'ROLLBACK'),
  );
  if (failed) {
    const what = failed.targetType === 'PAUSE' ? 'pause hook' : `lifecycle hook ${failed.targetArn}`;
    ts.rollbackReason = `The ${what} at ${stage} ${failed.status === 'FAILED' ? 'failed' : 'timed out'}.`;
    return 'failed';
  }
  if (mine.some(pending)) {
    if (wake < Infinity) world.wakeAt(service, wake);
    return 'waiting';
  }
  return 'done';
}
