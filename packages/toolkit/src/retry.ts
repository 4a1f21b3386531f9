// retry with exponential backoff and full jitter, bounded by attempts and a deadline; Retry-After.
import { abortReason } from './cancel.js';
import { systemClock, type Clock } from './clock.js';

export interface RetryOptions {
  /** Total attempts including the first. Default 5. */
  attempts?: number;
  /** First backoff ceiling; doubles per attempt up to maxDelayMs. Default 500 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Epoch ms after which no new attempt starts. */
  deadline?: number;
  /** Whether an error is worth another attempt. Default: every error. */
  retryable?: (error: unknown, attempt: number) => boolean;
  /** A server-given wait (Retry-After) for this error, in ms; wins over the computed backoff. */
  retryAfterMs?: (error: unknown) => number | undefined;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  signal?: AbortSignal;
  clock?: Clock;
  random?: () => number;
}

/**
 * Calls fn until it succeeds, with exponential backoff and full jitter (a uniform wait between 0
 * and the ceiling). Gives up, rethrowing the last error unchanged, when the error is not
 * retryable, attempts run out, or the next wait would end past the deadline (waiting would only
 * burn time).
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    try {
      return await fn(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw abortReason(options.signal);
      if (attempt >= attempts || !(options.retryable?.(error, attempt) ?? true)) throw error;
      const serverWait = options.retryAfterMs?.(error);
      const delayMs =
        serverWait !== undefined
          ? serverWait
          : Math.round(random() * Math.min(max, base * 2 ** (attempt - 1)));
      if (options.deadline !== undefined && clock.now() + delayMs > options.deadline) throw error;
      options.onRetry?.({ attempt, delayMs, error });
      await clock.sleep(delayMs, options.signal);
    }
  }
}

/** Reads a Retry-After value: delay-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1_000);
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - now);
}
