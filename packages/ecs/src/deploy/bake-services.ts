// The bake as part of a deploy: every COMPLETED service baked, its verdict written into its outcome.
import type { ECSClient } from '@aws-sdk/client-ecs';
import { formatDuration, systemClock, type Clock, type ActionLog } from '@shipline/toolkit';
import { bakeDeployments, type BakeResult } from '../watch/bake.js';
import type { BakeState } from '../watch/bake-verdict.js';
import { formatEvent } from '../watch/progress-lines.js';
import type { RolloutState } from '../watch/rollout-state.js';

/** How a service's bake went, for outputs and the summary. */
export interface BakeOutcome {
  /** The window asked for (`bake-time`), ms. */
  durationMs: number;
  /** How long the service was watched before the verdict, ms. */
  watchedMs: number;
  state: BakeState;
  /** What was seen, e.g. `2/2 running, 0 stopped`. */
  seen: string;
  reason?: string;
}

interface BakeCandidate {
  service: string;
  deploymentId?: string;
  rolloutState: RolloutState;
  reason?: string;
  events: string[];
  stoppedTasks: string[];
  bake?: BakeOutcome;
}

const STATE_AFTER: Record<BakeState, RolloutState> = {
  passed: 'COMPLETED',
  failed: 'FAILED',
  superseded: 'SUPERSEDED',
  'service-inactive': 'SERVICE_INACTIVE',
  cancelled: 'CANCELLED',
  'timed-out': 'TIMED_OUT',
};

/**
 * Bakes every COMPLETED deployment of this run for `bakeTimeMs` and writes the verdict into
 * each candidate: a failed bake turns COMPLETED into FAILED (reason named) for the rollback that
 * follows, a newer deployment into SUPERSEDED. Logs the window, ECS events, progress and, per
 * service, what was seen.
 */
export async function bakeServices(
  ecs: ECSClient,
  log: ActionLog,
  options: { cluster: string; bakeTimeMs: number },
  candidates: BakeCandidate[],
  deps: { signal?: AbortSignal; clock?: Clock },
): Promise<void> {
  const clock = deps.clock ?? systemClock;
  const window = formatDuration(options.bakeTimeMs);
  const baking = candidates.filter((c) => c.rolloutState === 'COMPLETED' && c.deploymentId);
  log.info(
    `bake ${window}: ECS no longer watches a COMPLETED deployment; following ${baking.map((c) => c.service).join(', ')} until ${new Date(clock.now() + options.bakeTimeMs).toISOString().slice(11, 19)} UTC`,
  );
  const printed = new Map<string, string>();
  let lastProgressAt = clock.now();
  const results = await bakeDeployments({
    ecs,
    cluster: options.cluster,
    targets: baking.map((c) => ({ service: c.service, deploymentId: c.deploymentId! })),
    durationMs: options.bakeTimeMs,
    signal: deps.signal,
    clock,
    onEvent: (service, event) => log.info(formatEvent(service, event)),
    onCheck: (checked, leftMs) => {
      const now = clock.now();
      const quiet = now - lastProgressAt < 15_000;
      for (const result of checked) {
        const line = `[${result.service}] bake: ${result.seen}`;
        if (quiet && printed.get(result.service) === line) continue;
        printed.set(result.service, line);
        lastProgressAt = now;
        log.info(`${line} (${formatDuration(leftMs)} of ${window} left)`);
      }
    },
  });
  for (const result of results) {
    const candidate = baking.find((c) => c.service === result.service)!;
    record(candidate, result, options.bakeTimeMs);
    const line = `[${result.service}] bake ${window}: ${result.seen}`;
    if (result.state === 'passed') log.info(`${line}, healthy`);
    else
      log.warning(
        `${line}; ${STATE_AFTER[result.state]} after ${formatDuration(result.watchedMs)}: ${result.reason}`,
      );
  }
}

function record(candidate: BakeCandidate, result: BakeResult, durationMs: number): void {
  candidate.bake = {
    durationMs,
    watchedMs: result.watchedMs,
    state: result.state,
    seen: result.seen,
    ...(result.reason ? { reason: result.reason } : {}),
  };
  if (result.state === 'passed') return;
  candidate.rolloutState = STATE_AFTER[result.state];
  candidate.reason = result.reason;
  candidate.stoppedTasks = result.stoppedTasks;
  candidate.events = (result.last?.events ?? []).slice(0, 8).map((e) => e.message ?? '');
}
