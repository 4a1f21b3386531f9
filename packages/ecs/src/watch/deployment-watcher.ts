// watchDeployments: following one deployment per service, by id, until each is final or time is up.
import { PollTimeoutError, systemClock } from '@shipline/toolkit';
import { CallDeadlineError } from '../client/call-deadline.js';
import { DENSE_LOOK_MS, lookOnCadence, SPARSE_LOOK_MS } from './poll-cadence.js';
import { WatchLooks } from './watch-looks.js';
import type { WatchOptions, WatchResult, WatchVerdict } from './watch-types.js';

export type { DeploymentJudge, WatchOptions, WatchResult, WatchTarget, WatchVerdict } from './watch-types.js';

/**
 * Follows one deployment per service, by id, until each reaches a final state (completed,
 * failed, rolled back by ECS, superseded, service gone), the deadline passes or the signal fires;
 * then returns every service's verdict with the last view of it. One DescribeServices call covers
 * ten services, and the next look comes when the first of them could reach an outcome (poll-cadence;
 * a strategy's judge may read its service deployment alone in between: watch-looks.ts);
 * throttling and 5xx are retried within the deadline; other errors are thrown.
 */
export async function watchDeployments(options: WatchOptions): Promise<WatchResult[]> {
  const clock = options.clock ?? systemClock;
  const sparseMs = options.maxIntervalMs ?? SPARSE_LOOK_MS;
  const looks = new WatchLooks(options, clock, sparseMs);
  try {
    await lookOnCadence({
      look: () => looks.look(),
      deadline: options.deadline,
      signal: options.signal,
      clock,
      limits: { denseMs: options.minIntervalMs ?? DENSE_LOOK_MS, sparseMs },
      onWait: (nextInMs) => options.onWait?.({ pending: looks.pending().map((t) => t.service), nextInMs }),
    });
  } catch (error) {
    const cancelled = options.signal?.aborted === true;
    const timedOut = error instanceof PollTimeoutError || error instanceof CallDeadlineError;
    if (!timedOut && !cancelled) throw error;
    const verdict: WatchVerdict = { state: cancelled ? 'cancelled' : 'timed-out' };
    for (const target of looks.pending()) {
      looks.results.set(target.service, {
        service: target.service,
        verdict,
        last: looks.results.get(target.service)?.last,
      });
    }
  }
  return options.targets.map((t) => looks.results.get(t.service)!);
}
