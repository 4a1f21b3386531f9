import { excerpt, parseRetryAfter } from '@shipline/toolkit';

/** The parts of Octokit's RequestError this action reads (its class is not a direct dependency). */
export interface HttpError {
  status: number;
  message: string;
  response?: { headers: Record<string, string | number | undefined>; data?: unknown };
  cause?: unknown;
}

export function isHttpError(error: unknown): error is HttpError {
  return typeof error === 'object' && error !== null && typeof (error as HttpError).status === 'number';
}

/**
 * A call GitHub refused or failed (a rate limit too, when it outlasts the timeout): the step fails
 * with GitHub's own words, quoted as a bounded, redacted excerpt (a body may echo the token).
 */
export class GitHubApiError extends Error {
  constructor(
    readonly what: string,
    readonly status: number,
    apiMessage: string,
    /** GitHub asked us to wait (rate limit, 5xx backoff), but the wait would end past the deadline. */
    readonly outlastsDeadline = false,
    /** How the call ended, e.g. `HTTP 502` or `no answer (request timeout)`; see failureLabel. */
    readonly label = `HTTP ${status}`,
  ) {
    super(`GitHub API: ${what} failed with ${label}: ${excerpt(apiMessage)}`);
    this.name = 'GitHubApiError';
  }
}

/**
 * What ended a call: GitHub's HTTP status, or, for a request that got no answer (Octokit reports
 * those as status 500 without a response), a timeout or a failed connection: saying "HTTP 500"
 * there would send people looking for a server error GitHub never returned.
 */
export function failureLabel(error: HttpError): string {
  if (error.response !== undefined) return `HTTP ${error.status}`;
  const cause = error.cause as { name?: string } | undefined;
  const timedOut = cause?.name === 'TimeoutError' || /timeout|timed out/i.test(error.message);
  return timedOut ? 'no answer (request timeout)' : 'no answer (connection failed)';
}

function header(error: HttpError, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** The wait for a secondary limit that gives no time: a minute, doubled for each one in a row. */
export const SECONDARY_WAIT_MS = 60_000;
export const SECONDARY_WAIT_MAX_MS = 16 * 60_000;

/**
 * How long GitHub asks us to wait, or undefined when the error is not a rate limit. Primary
 * limit: 403/429 with x-ratelimit-remaining 0 → until x-ratelimit-reset. Secondary limit:
 * Retry-After, or when GitHub gives no time at least a minute, growing exponentially while they
 * repeat (`streak`: how many such limits came in a row before this one; GitHub's documented
 * advice). A 403 without any of these is a permission problem, not a limit.
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

/** Server errors, and what Octokit reports as 500: dropped connections and request timeouts. */
export function isTransient(error: unknown): boolean {
  return isHttpError(error) && error.status >= 500;
}
