// How long GitHub asks a client to wait: primary and secondary rate limits, and which failures are transient.
import { parseRetryAfter } from '@shipline/toolkit';
import { isHttpError, type HttpError } from './errors.js';

/** The wait for a secondary limit that gives no time: a minute, doubled for each one in a row. */
export const SECONDARY_WAIT_MS = 60_000;
export const SECONDARY_WAIT_MAX_MS = 16 * 60_000;

function header(error: HttpError, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/**
 * How long GitHub asks us to wait, or undefined when the error is not a rate limit. Primary
 * limit: 403/429 with x-ratelimit-remaining 0 → until x-ratelimit-reset (whole seconds, so one
 * more). Secondary limit: Retry-After, or when GitHub gives no time at least a minute, growing
 * exponentially while they repeat (`streak`: how many such limits came in a row before this one;
 * GitHub's documented advice). A 403 without any of these is a permission problem, not a limit.
 */
export function rateLimitWaitMs(error: unknown, now: number, streak = 0): number | undefined {
  if (!isHttpError(error) || (error.status !== 403 && error.status !== 429)) return undefined;
  const retryAfter = parseRetryAfter(header(error, 'retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = Number(header(error, 'x-ratelimit-reset'));
  if (header(error, 'x-ratelimit-remaining') === '0' && Number.isFinite(reset)) {
    return Math.max(0, reset * 1_000 - now) + 1_000;
  }
  if (isUntimedSecondaryLimit(error)) return Math.min(SECONDARY_WAIT_MAX_MS, SECONDARY_WAIT_MS * 2 ** streak);
  return undefined;
}

function isUntimedSecondaryLimit(error: HttpError): boolean {
  if (header(error, 'retry-after') !== undefined || header(error, 'x-ratelimit-remaining') === '0')
    return false;
  return error.status === 429 || (error.status === 403 && /rate limit/i.test(error.message));
}

/** A secondary limit without Retry-After: the next one in a row waits longer. */
export function isSecondaryWithoutTime(error: unknown): boolean {
  return (
    isHttpError(error) && (error.status === 403 || error.status === 429) && isUntimedSecondaryLimit(error)
  );
}

/**
 * How long GitHub asks a poller to wait before asking this endpoint again (`x-poll-interval`, in
 * seconds; sent by the events and notifications endpoints, also on a 304, and raised "in times of
 * high server load"), or undefined when the answer does not say.
 */
export function askedPollIntervalMs(
  headers: Record<string, string | number | undefined>,
): number | undefined {
  const seconds = Number(headers['x-poll-interval']);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1_000 : undefined;
}

/** Server errors, and what Octokit reports as 500: dropped connections and request timeouts. */
export function isTransient(error: unknown): boolean {
  return isHttpError(error) && error.status >= 500;
}
