// GitHubClient: every GitHub REST call goes through it (Octokit transport with a request timeout,
// ETag conditional requests, rate-limit waits, retries of transient failures, GitHubApiError).
import { getOctokit } from '@actions/github';
import { retry, systemClock, type Clock } from '@shipline/toolkit';
import { apiUrlProblem, DEFAULT_API_URL } from './api-url.js';
import { failureLabel, GitHubApiError, isHttpError, type HttpError } from './errors.js';
import { isSecondaryWithoutTime, isTransient, rateLimitWaitMs } from './rate-limits.js';

export type Octokit = ReturnType<typeof getOctokit>;

/** The REST API version every call asks for (GitHub answers with its oldest one otherwise). */
export const API_VERSION = '2022-11-28';
/**
 * GitHub ends a REST request it has not answered within 10 s with a timeout answer ("Troubleshooting
 * the REST API": Timeouts): a try still without an answer 5 s later has lost its connection.
 */
const REQUEST_TIMEOUT_MS = 15_000;
const TRANSIENT_ATTEMPTS = 3;

export interface RestCall {
  /** What the call does, for messages: `read the comments of acme/shop#7`, `GET /repos/acme/shop`. */
  what: string;
  /** An Octokit route (`GET /repos/{owner}/{repo}/issues`), or a method and a path with its query. */
  route: string;
  /** Route parameters, query fields, or `data` (a request body). */
  params?: Record<string, unknown>;
  /** Ask with If-None-Match: an unchanged answer is a 304, which GitHub does not count. */
  etag?: string;
  /** Epoch ms: no wait (rate limit, backoff) may end after it. Default: none. */
  deadline?: number;
  /** Default: the client's signal. */
  signal?: AbortSignal;
  /** Tries when the answer is a 5xx or none came; 1 for a write that must not be repeated blindly. Default 3. */
  transientAttempts?: number;
}

export type RestResponse = {
  status: number;
  data: unknown;
  headers: Record<string, string | number | undefined>;
};

/** Told before each wait, so the caller can say it in its own words. */
export interface RetryNotice {
  what: string;
  attempt: number;
  delayMs: number;
  error: HttpError;
  /** True for a rate limit, false for a transient failure (5xx, no answer). */
  rateLimited: boolean;
}

export interface GitHubClientOptions {
  clock?: Clock;
  signal?: AbortSignal;
  onRetry?: (notice: RetryNotice) => void;
  /** A wait longer than this (a primary limit resetting in an hour) fails instead. Default: no limit. */
  maxWaitMs?: number;
}

/**
 * How every call to GitHub is made: a 304 is an answer, not an error; rate limits wait for
 * Retry-After / x-ratelimit-reset (never past the call's deadline nor `maxWaitMs`); 5xx and
 * dropped connections get `transientAttempts` tries; anything else throws GitHubApiError with
 * GitHub's message, marked `outlastsDeadline` when only the deadline stopped another try.
 */
export class GitHubClient {
  /**
   * Requests sent, how many were answered 304 (those do not count against the primary rate limit),
   * and how many were refused by a rate limit (a poller slows down on those).
   */
  readonly stats = { requests: 0, notModified: 0, rateLimited: 0 };
  /** Secondary rate limits without Retry-After in a row: each waits twice as long as the last. */
  private secondaryStreak = 0;
  private readonly clock: Clock;

  constructor(
    private readonly octokit: Octokit,
    private readonly options: GitHubClientOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** A client for a token and an API URL, refusing a URL that would send the token in clear. */
  static connect(options: GitHubClientOptions & { token: string; apiUrl?: string }): GitHubClient {
    const { token, apiUrl = DEFAULT_API_URL, ...rest } = options;
    const problem = apiUrlProblem(apiUrl);
    if (problem) throw new Error(`API URL ${apiUrl} ${problem}`);
    return new GitHubClient(getOctokit(token, { baseUrl: apiUrl.replace(/\/+$/, '') }), rest);
  }

  async request(call: RestCall): Promise<RestResponse> {
    const { what, deadline, signal = this.options.signal } = call;
    const transientAttempts = call.transientAttempts ?? TRANSIENT_ATTEMPTS;
    const maxWaitMs = this.options.maxWaitMs ?? Number.POSITIVE_INFINITY;
    const waitMs = (error: unknown) => {
      const wait = rateLimitWaitMs(error, this.clock.now(), this.secondaryStreak);
      return wait !== undefined && wait <= maxWaitMs ? wait : undefined;
    };
    const retryable = (error: unknown, attempt: number) =>
      waitMs(error) !== undefined || (isTransient(error) && attempt < transientAttempts);
    let attempts = 0;
    try {
      const attempt = (n: number) => {
        attempts = n;
        return this.send(call, signal);
      };
      const res = await retry(attempt, {
        attempts: Number.POSITIVE_INFINITY,
        baseDelayMs: 1_000,
        retryable,
        retryAfterMs: waitMs,
        onRetry: ({ delayMs, error, attempt }) => {
          const rateLimited = waitMs(error) !== undefined;
          if (rateLimited) this.stats.rateLimited++;
          if (isSecondaryWithoutTime(error)) this.secondaryStreak++;
          this.options.onRetry?.({ what, attempt, delayMs, error: error as HttpError, rateLimited });
        },
        ...(deadline === undefined ? {} : { deadline }),
        clock: this.clock,
        ...(signal ? { signal } : {}),
      });
      this.secondaryStreak = 0;
      return res;
    } catch (error) {
      if (!isHttpError(error)) throw error; // cancellation, or a bug: not GitHub's answer
      // retry() gives up on a retryable error only when the wait would end past the deadline.
      const outlasts = retryable(error, attempts);
      throw new GitHubApiError(what, error.status, error.message, outlasts, failureLabel(error));
    }
  }

  /** The answer, or undefined when GitHub says 404. */
  async getOrNotFound(call: RestCall): Promise<RestResponse | undefined> {
    try {
      return await this.request(call);
    } catch (error) {
      if (error instanceof GitHubApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** One try: a request timeout tied to the caller's signal; a 304 returned as an answer. */
  private async send(call: RestCall, signal: AbortSignal | undefined): Promise<RestResponse> {
    this.stats.requests++;
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const request = { signal: signal ? AbortSignal.any([signal, timeout]) : timeout };
    const params = call.params ?? {};
    const headers = {
      'x-github-api-version': API_VERSION,
      ...(params.headers as Record<string, string> | undefined),
      ...(call.etag ? { 'if-none-match': call.etag } : {}),
    };
    try {
      return (await this.octokit.request(call.route, { ...params, headers, request })) as RestResponse;
    } catch (error) {
      if (!isHttpError(error) || error.status !== 304) throw error;
      this.stats.notModified++;
      return { status: 304, data: undefined, headers: error.response?.headers ?? {} };
    }
  }
}

/** The URL of the next page from a Link header, if there is one. */
export function nextLink(link: string | number | undefined): string | undefined {
  if (typeof link !== 'string') return undefined;
  return /<([^<>]+)>;\s*rel="next"/.exec(link)?.[1];
}
