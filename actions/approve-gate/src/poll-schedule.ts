// When the gate checks the comments next: poll-interval, growing while nothing changes, never sooner
// than GitHub asks (x-poll-interval), twice as slow after GitHub rate-limited a check.
import { abortReason, PollTimeoutError, type Clock } from '@shipline/toolkit';

const GROWTH = 1.5;
const SLOWEST_MS = 60_000;

/** How far the interval grows while nothing changes: four times poll-interval, 60 s at most (unless poll-interval is longer). */
export function idleIntervalMs(pollIntervalMs: number): number {
  return Math.max(pollIntervalMs, Math.min(4 * pollIntervalMs, SLOWEST_MS));
}

/** What one check saw, as far as the schedule cares. */
export interface CheckOutcome {
  changed: boolean;
  /** GitHub's `x-poll-interval`, when an answer carried one. */
  askedIntervalMs?: number | undefined;
  /** GitHub refused a request of this check with a rate limit (the client waited it out). */
  rateLimited: boolean;
}

/**
 * The wait before each check. A 304 is free against the primary rate limit, so the interval stays
 * short: it starts at poll-interval, grows ×1.5 while nothing changes up to idleIntervalMs and drops
 * back on any change. GitHub's own signals win over it: an `x-poll-interval` is waited at least,
 * and after a rate limit the whole schedule runs twice as slow (up to a minute) for the rest of the wait.
 */
export class PollSchedule {
  private min: number;
  private max: number;
  private interval: number;

  constructor(private readonly pollIntervalMs: number) {
    this.min = pollIntervalMs;
    this.max = idleIntervalMs(pollIntervalMs);
    this.interval = this.min;
  }

  next({ changed, askedIntervalMs, rateLimited }: CheckOutcome): number {
    if (rateLimited) {
      this.min = Math.min(2 * this.min, Math.max(this.pollIntervalMs, SLOWEST_MS));
      this.max = Math.max(this.max, idleIntervalMs(this.min));
    }
    this.interval = changed || rateLimited ? this.min : Math.min(this.max, this.interval * GROWTH);
    return Math.round(Math.max(this.interval, askedIntervalMs ?? 0));
  }
}

export interface ScheduledPoll<T> {
  check: (attempt: number) => Promise<{ done: boolean; value: T; outcome: CheckOutcome }>;
  schedule: PollSchedule;
  /** Epoch ms: the last check happens at the deadline at the latest. */
  deadline: number;
  clock: Clock;
  signal: AbortSignal;
  onWait?: (info: { value: T; nextInMs: number }) => void;
}

/** Checks until done; never sleeps past the deadline, checks once more there, then throws PollTimeoutError. */
export async function pollOnSchedule<T>(options: ScheduledPoll<T>): Promise<T> {
  const { check, schedule, deadline, clock, signal } = options;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw abortReason(signal);
    const result = await check(attempt);
    if (result.done) return result.value;
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new PollTimeoutError(result.value, attempt);
    const nextInMs = Math.min(schedule.next(result.outcome), remaining);
    options.onWait?.({ value: result.value, nextInMs });
    await clock.sleep(nextInMs, signal);
  }
}
