// bakeDeployments: watching deployments ECS calls COMPLETED a while longer, as its breaker no longer does.
import type { ECSClient, Service, ServiceEvent } from '@aws-sdk/client-ecs';
import { poll, systemClock, type Clock } from '@shipline/toolkit';
import { bakeSeen, endOfBake, judgeBake, type BakeState, type BakeWatch } from './bake-verdict.js';
import { callEcs, describeServices, type CallContext } from '../client/ecs-client.js';
import { describeStoppedTask, findStoppedTasksOfDeployments, type StoppedTask } from './stopped-tasks.js';

export interface BakeTarget {
  service: string;
  /** Our deployment, already COMPLETED. */
  deploymentId: string;
}

export interface BakeResult {
  service: string;
  state: BakeState;
  reason?: string;
  /** What was seen, e.g. `2/2 running, 0 stopped`. */
  seen: string;
  /** Tasks of the deployment that stopped during the window, described for people. */
  stoppedTasks: string[];
  /** How long this service was watched, ms. */
  watchedMs: number;
  last?: Service;
}

export interface BakeOptions {
  ecs: ECSClient;
  cluster: string;
  targets: BakeTarget[];
  durationMs: number;
  signal?: AbortSignal;
  clock?: Clock;
  minIntervalMs?: number;
  maxIntervalMs?: number;
  onEvent?: (service: string, event: ServiceEvent) => void;
  /** After every look, with every service's state so far and the time left in the window. */
  onCheck?: (results: BakeResult[], leftMs: number) => void;
}

/**
 * Time the last look may retry its calls past the end of the window; a call still in flight is
 * aborted CALL_GRACE_MS (3 s) later, so a bake ends at most 10 s after its window.
 */
export const BAKE_FINAL_CHECK_MS = 7_000;

/**
 * Keeps following deployments that ECS already calls COMPLETED for `durationMs`, since ECS's
 * circuit breaker no longer watches them: a task of the deployment stopping for failed health
 * checks or an exited essential container, or its running count staying below desired, fails
 * it; a newer deployment on the service supersedes it. Each look is one DescribeServices per ten
 * services; a service's stopped tasks are listed (one ListTasks each, one DescribeTasks for all of
 * them) only when its counts or events moved, and on the first and the last look. Tasks that
 * stopped between ECS's "deployment completed" event and the first look count as stopped during
 * the bake.
 */
export async function bakeDeployments(options: BakeOptions): Promise<BakeResult[]> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const end = startedAt + options.durationMs;
  const context: CallContext = { deadline: end + BAKE_FINAL_CHECK_MS, signal: options.signal, clock };
  const watches = options.targets.map((t): BakeWatch => ({
    ...t,
    stoppedBefore: new Set(),
    stoppedDuring: [],
  }));
  const results = new Map<string, BakeResult>();
  const shown = new Map<string, Set<string>>();
  const moved = new Map<string, string>();
  const looked = new Set<string>();
  /** When the last look whose calls all answered began. */
  let answeredUntil = startedAt;
  let lookStartedAt = startedAt;
  const open = () => watches.filter((w) => !results.has(w.service));

  const check = async () => {
    const now = clock.now();
    lookStartedAt = now;
    const final = now >= end;
    const pending = open();
    const described = await describeServices(
      options.ecs,
      options.cluster,
      pending.map((w) => w.service),
      context,
    );
    const seen = pending.map((watch) => {
      const service = described.get(watch.service);
      const first = !looked.has(watch.service);
      looked.add(watch.service);
      watch.last = service;
      const ours = service?.deployments?.find((d) => d.id === watch.deploymentId);
      if (first) watch.desiredAtStart = ours?.desiredCount;
      streamEvents(options, watch.service, service, shown, first);
      const signature = JSON.stringify([ours?.runningCount, ours?.pendingCount, service?.events?.[0]?.id]);
      const list = ours !== undefined && (final || moved.get(watch.service) !== signature);
      moved.set(watch.service, signature);
      return {
        watch,
        service,
        first,
        list,
        completedAt: first ? completedAtOf(service, watch.deploymentId) : undefined,
      };
    });
    const stopped = await stoppedTasksOf(
      options,
      seen.filter((s) => s.list).map((s) => s.watch),
      context,
    );
    for (const { watch, service, first, completedAt } of seen) {
      for (const task of stopped.get(watch.deploymentId) ?? []) {
        const known =
          watch.stoppedBefore.has(task.taskId) || watch.stoppedDuring.some((t) => t.taskId === task.taskId);
        // What stopped before ECS called the rollout COMPLETED was the breaker's to judge.
        const stoppedAt = task.stoppedAt?.getTime() ?? Number.POSITIVE_INFINITY;
        if (first && (completedAt === undefined || stoppedAt < completedAt))
          watch.stoppedBefore.add(task.taskId);
        else if (!known) watch.stoppedDuring.push(task);
      }
      const judged = judgeBake(watch, service, now, final);
      if (judged) results.set(watch.service, resultOf(watch, judged.state, now - startedAt, judged.reason));
    }
    const snapshot = watches.map(
      (w) => results.get(w.service) ?? resultOf(w, 'passed', clock.now() - startedAt),
    );
    answeredUntil = now;
    options.onCheck?.(snapshot, Math.max(0, end - clock.now()));
    return {
      done: open().length === 0,
      value: undefined,
      fingerprint: JSON.stringify([[...moved.values()], [...results.keys()]]),
    };
  };

  try {
    await poll({
      check,
      deadline: end,
      signal: options.signal,
      clock,
      minIntervalMs: options.minIntervalMs ?? 2_000,
      maxIntervalMs: options.maxIntervalMs ?? 15_000,
      backoffFactor: 1.5,
    });
  } catch (error) {
    const ended = endOfBake(error, {
      cancelled: options.signal?.aborted === true,
      coveredMs: answeredUntil - startedAt,
      durationMs: options.durationMs,
      finalLookUnanswered: lookStartedAt >= end && answeredUntil < lookStartedAt,
    });
    if (!ended) throw error;
    const watched = clock.now() - startedAt;
    for (const watch of open()) {
      results.set(watch.service, resultOf(watch, ended.state, watched, ended.reason, ended.note));
    }
  }
  return watches.map((w) => results.get(w.service)!);
}

/** When ECS called the rollout COMPLETED, by its own clock (the one stoppedAt is on), from its event. */
function completedAtOf(service: Service | undefined, deploymentId: string): number | undefined {
  const marker = `(deployment ${deploymentId}) deployment completed`;
  return service?.events?.find((e) => e.message?.includes(marker))?.createdAt?.getTime();
}

function resultOf(
  watch: BakeWatch,
  state: BakeState,
  watchedMs: number,
  reason?: string,
  note?: string,
): BakeResult {
  return {
    service: watch.service,
    state,
    ...(reason ? { reason } : {}),
    seen: note ? `${bakeSeen(watch)}; ${note}` : bakeSeen(watch),
    stoppedTasks: watch.stoppedDuring.map(describeStoppedTask),
    watchedMs,
    last: watch.last,
  };
}

/** The stopped tasks of the deployments that moved, listed together (one DescribeTasks for all). */
async function stoppedTasksOf(options: BakeOptions, watches: BakeWatch[], context: CallContext) {
  if (watches.length === 0) return new Map<string, StoppedTask[]>();
  return callEcs(context, (o) => findStoppedTasksOfDeployments(options.ecs, options.cluster, watches, o));
}

/** Prints each service event once; what the first look shows was printed while following the rollout. */
function streamEvents(
  options: BakeOptions,
  name: string,
  service: Service | undefined,
  shown: Map<string, Set<string>>,
  first: boolean,
): void {
  const seen = shown.get(name) ?? new Set<string>();
  shown.set(name, seen);
  for (const event of [...(service?.events ?? [])].reverse()) {
    if (!event.id || seen.has(event.id)) continue;
    seen.add(event.id);
    if (!first) options.onEvent?.(name, event);
  }
}
