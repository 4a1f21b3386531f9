import type { getOctokit } from '@actions/github';
import { retry, type Clock } from '@shipline/toolkit';
import {
  failureLabel,
  GitHubApiError,
  isHttpError,
  isSecondaryWithoutTime,
  isTransient,
  rateLimitWaitMs,
} from './api-errors.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface Repo {
  owner: string;
  repo: string;
}

export interface ApiCallContext {
  clock: Clock;
  signal?: AbortSignal;
  warn: (message: string) => void;
}

export type Response = {
  status: number;
  data: unknown;
  headers: Record<string, string | number | undefined>;
};

const REQUEST_TIMEOUT_MS = 30_000;
const TRANSIENT_ATTEMPTS = 3;

/**
 * How every call to GitHub is made: a 304 is an answer, not an error; rate limits wait for
 * Retry-After / x-ratelimit-reset (never past `deadline`); 5xx and dropped connections get 3
 * tries (`transientAttempts`: 1 for a POST that must not be repeated blindly); anything else
 * throws GitHubApiError with GitHub's message, marked `outlastsDeadline` when only the deadline
 * stopped another try.
 */
export class ApiClient {
  /** Requests sent, and how many were answered 304 (those do not count against the rate limit). */
  readonly stats = { requests: 0, notModified: 0 };
  /** Secondary rate limits without Retry-After in a row: each waits twice as long as the last. */
  private secondaryStreak = 0;

  constructor(
    private readonly octokit: Octokit,
    protected readonly context: ApiCallContext,
  ) {}

  async send(
    what: string,
    route: string,
    params: Record<string, unknown>,
    deadline: number,
    signal = this.context.signal,
    transientAttempts = TRANSIENT_ATTEMPTS,
  ): Promise<Response> {
    const { clock, warn } = this.context;
    const waitMs = (error: unknown) => rateLimitWaitMs(error, clock.now(), this.secondaryStreak);
    const retryable = (error: unknown, attempt: number) =>
      waitMs(error) !== undefined || (isTransient(error) && attempt < transientAttempts);
    let attempts = 0;
    try {
      const res = await retry(
        async (attempt) => {
          attempts = attempt;
          this.stats.requests++;
          const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
          const request = { signal: signal ? AbortSignal.any([signal, timeout]) : timeout };
          try {
            return (await this.octokit.request(route, { ...params, request })) as Response;
          } catch (error) {
            if (!isHttpError(error) || error.status !== 304) throw error;
            this.stats.notModified++;
            return { status: 304, data: undefined, headers: error.response?.headers ?? {} };
          }
        },
        {
          attempts: Number.POSITIVE_INFINITY,
          baseDelayMs: 1_000,
          retryable,
          retryAfterMs: waitMs,
          onRetry: ({ delayMs, error, attempt }) => {
            const limited = waitMs(error) !== undefined;
            if (isSecondaryWithoutTime(error)) this.secondaryStreak++;
            warn(
              `${what}: ${limited ? 'rate limited by GitHub' : `attempt ${attempt} failed (${(error as Error).message})`}; ` +
                `trying again in ${Math.ceil(delayMs / 1_000)}s`,
            );
          },
          deadline,
          clock,
          ...(signal ? { signal } : {}),
        },
      );
      this.secondaryStreak = 0;
      return res;
    } catch (error) {
      if (!isHttpError(error)) throw error; // cancellation, or a bug: not GitHub's answer
      // retry() gives up on a retryable error only when the wait would end past the deadline.
      const outlasts = retryable(error, attempts);
      throw new GitHubApiError(what, error.status, error.message, outlasts, failureLabel(error));
    }
  }

  protected async getOrNotFound(
    what: string,
    route: string,
    params: Record<string, unknown>,
    deadline: number,
  ): Promise<Response | undefined> {
    try {
      return await this.send(what, route, params, deadline);
    } catch (error) {
      if (error instanceof GitHubApiError && error.status === 404) return undefined;
      throw error;
    }
  }
}

/** Only owner and repo: a richer object (an issue with its `url`) would override Octokit's route. */
export const only = (repo: Repo): Repo => ({ owner: repo.owner, repo: repo.repo });

export function nextLink(link: string | number | undefined): string | undefined {
  if (typeof link !== 'string') return undefined;
  return /<([^<>]+)>;\s*rel="next"/.exec(link)?.[1];
}
