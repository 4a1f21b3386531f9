// Retrying one HTTP call within a retry budget, each attempt bounded, with a progress line per wait.
import { formatDuration } from './duration.js';
import { retry } from './retry.js';
import { systemClock, type Clock } from './clock.js';

/** The services we notify answer in well under a second: an attempt gets 3–10 s of what is left. */
const MIN_ATTEMPT_MS = 3_000;
const MAX_ATTEMPT_MS = 10_000;

export interface BudgetRetryOptions {
  budgetMs: number;
  signal: AbortSignal;
  clock?: Clock;
  retryable: (error: unknown) => boolean;
  /** The server's Retry-After for this error, in ms. */
  retryAfterMs: (error: unknown) => number | undefined;
  /** How the progress line names an error that is tried again. */
  describe: (error: unknown) => string;
  progress: (line: string) => void;
}

/**
 * Calls `attempt` until it succeeds or the budget runs out: Retry-After is honoured, other
 * retryable errors back off with jitter (0.5 s doubling to 8 s). An attempt gets at most 10 s of
 * what is left, so a stalled connection leaves budget for another, and at least 3 s, so the
 * attempt after a full Retry-After wait still gets its chance. Rethrows the last error.
 */
export function retryWithinBudget<T>(
  attempt: (call: { number: number; timeoutMs: number }) => Promise<T>,
  options: BudgetRetryOptions,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + options.budgetMs;
  return retry(
    (number) => {
      const timeoutMs = Math.max(MIN_ATTEMPT_MS, Math.min(MAX_ATTEMPT_MS, deadline - clock.now()));
      return attempt({ number, timeoutMs });
    },
    {
      attempts: Number.MAX_SAFE_INTEGER,
      baseDelayMs: 500,
      maxDelayMs: 8_000,
      deadline,
      signal: options.signal,
      clock,
      retryable: options.retryable,
      retryAfterMs: options.retryAfterMs,
      onRetry: ({ attempt: number, delayMs, error }) => {
        const why = options.retryAfterMs(error) !== undefined ? 'as Retry-After asks' : 'backing off';
        options.progress(
          `Attempt ${number}: ${options.describe(error)}; waiting ${formatDuration(delayMs)} ${why}, ` +
            `${formatDuration(Math.max(0, deadline - clock.now()))} of the retry budget left`,
        );
      },
    },
  );
}
