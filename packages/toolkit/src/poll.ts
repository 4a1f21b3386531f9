// Deadline-bounded polling that starts fast and backs off while nothing changes.
import { abortReason } from './cancel.js';
import { systemClock, type Clock } from './clock.js';

export interface PollResult<T> {
  done: boolean;
  value: T;
  /** What counts as "something changed"; a change resets the interval to its minimum. */
  fingerprint?: string;
}

export interface PollOptions<T> {
  check: (attempt: number) => Promise<PollResult<T>>;
  /** Epoch ms: the last check happens at the deadline at the latest. */
  deadline: number;
  minIntervalMs?: number;
  maxIntervalMs?: number;
  backoffFactor?: number;
  signal?: AbortSignal;
  clock?: Clock;
  onWait?: (info: { attempt: number; value: T; nextInMs: number }) => void;
}

export class PollTimeoutError<T> extends Error {
  constructor(
    readonly lastValue: T,
    readonly attempts: number,
  ) {
    super(`deadline reached after ${attempts} checks`);
    this.name = 'PollTimeoutError';
  }
}

/**
 * Checks until done. Starts at minIntervalMs, multiplies the interval by backoffFactor while the
 * fingerprint stays the same and drops back to the minimum when it changes, never sleeps past
 * the deadline, and does one last check there before giving up with PollTimeoutError.
 */
export async function poll<T>(options: PollOptions<T>): Promise<T> {
  const clock = options.clock ?? systemClock;
  const min = options.minIntervalMs ?? 1_000;
  const max = options.maxIntervalMs ?? 15_000;
  const factor = options.backoffFactor ?? 1.5;
  let interval = min;
  let previous: string | undefined;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    const result = await options.check(attempt);
    if (result.done) return result.value;
    const remaining = options.deadline - clock.now();
    if (remaining <= 0) throw new PollTimeoutError(result.value, attempt);
    if (attempt > 1) {
      interval =
        result.fingerprint !== undefined && result.fingerprint !== previous
          ? min
          : Math.min(max, interval * factor);
    }
    previous = result.fingerprint;
    const nextInMs = Math.min(Math.round(interval), remaining);
    options.onWait?.({ attempt, value: result.value, nextInMs });
    await clock.sleep(nextInMs, options.signal);
  }
}
