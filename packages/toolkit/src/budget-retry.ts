// Retrying one HTTP call within a retry budget, each attempt bounded, with a progress line per wait.
import { abortReason } from './cancel.js';
import { systemClock, type Clock } from './clock.js';
import { formatDuration } from './duration.js';
import { retry } from './retry.js';

/** The services we notify answer in well under a second: an attempt gets 3–10 s of what is left. */
const MIN_ATTEMPT_MS = 3_000;
const MAX_ATTEMPT_MS = 10_000;

/** What a failed call must say: whether to try again, and the server's Retry-After in ms. */
export interface CallError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
}

export interface BudgetRetryOptions<E extends CallError> {
  budgetMs: number;
  signal: AbortSignal;
  clock?: Clock;
  /** The error class of a failed call; any other error is rethrown as it is. */
  callError: abstract new (...args: never[]) => E;
  /** How the progress line names an error that is tried again. */
  describe: (error: E) => string;
  progress: (line: string) => void;
}

/** How the calls went: the value, or the last call error once the budget or retries ran out. */
export type BudgetOutcome<T, E> = { attempts: number; elapsedMs: number } & (
  { ok: true; value: T } | { ok: false; error: E }
);

/**
 * Calls `attempt` until it succeeds or the budget runs out: Retry-After is honoured, other
 * retryable errors back off with jitter (0.5 s doubling to 8 s), a call error that is not
 * retryable ends it at once. An attempt gets at most 10 s of what is left, so a stalled connection
 * leaves budget for another, and at least 3 s, so the attempt after a full Retry-After wait still
 * gets its chance. Cancellation throws (the signal's reason), as do errors of other kinds.
 */
export async function retryWithinBudget<T, E extends CallError>(
  attempt: (call: { number: number; timeoutMs: number }) => Promise<T>,
  options: BudgetRetryOptions<E>,
): Promise<BudgetOutcome<T, E>> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const deadline = started + options.budgetMs;
  const isCallError = (error: unknown): error is E => error instanceof options.callError;
  let attempts = 0;
  const elapsed = (): number => clock.now() - started;
  try {
    const value = await retry(
      (number) => {
        attempts = number;
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
        retryable: (error) => isCallError(error) && error.retryable,
        retryAfterMs: (error) => (isCallError(error) ? error.retryAfterMs : undefined),
        onRetry: ({ attempt: number, delayMs, error }) => {
          const call = error as E;
          const why = call.retryAfterMs !== undefined ? 'as Retry-After asks' : 'backing off';
          options.progress(
            `Attempt ${number}: ${options.describe(call)}; waiting ${formatDuration(delayMs)} ${why}, ` +
              `${formatDuration(Math.max(0, deadline - clock.now()))} of the retry budget left`,
          );
        },
      },
    );
    return { ok: true, value, attempts, elapsedMs: elapsed() };
  } catch (error) {
    if (options.signal.aborted) throw abortReason(options.signal);
    if (!isCallError(error)) throw error;
    return { ok: false, error, attempts, elapsedMs: elapsed() };
  }
}
