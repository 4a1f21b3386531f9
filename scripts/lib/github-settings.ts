// A small GitHub REST client for repository settings: every call retried on rate limits (honouring
// Retry-After), GETs also on 5xx, failures turned into messages that say what to do.
import { getOctokit } from '@actions/github';
import { parseRetryAfter, retry, systemClock, type Clock } from '@shipline/toolkit';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The token cannot administer the repository: nothing was written. */
export class PermissionError extends ApiError {}

export interface GitHubApiOptions {
  token: string;
  apiUrl?: string;
  clock?: Clock;
  /** Called before each wait on a rate limit or a server error. */
  onRetry?: (message: string) => void;
  /** Waits longer than this (a primary rate limit resetting in an hour) fail instead. Default 5 min. */
  maxWaitMs?: number;
}

type Octokit = ReturnType<typeof getOctokit>;
interface HttpFailure {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: { message?: string } };
}

const SECONDARY_LIMIT_WAIT_MS = 60_000; // GitHub: wait at least a minute when no Retry-After is given

const LOOPBACK_NAMES = new Set(['localhost', '[::1]']);

/**
 * Why an API URL must not receive the token, or undefined when it may: https anywhere, plain http
 * only on loopback (127.0.0.0/8, ::1, localhost), where a local stand-in listens and nothing
 * crosses a network in clear.
 */
export function apiUrlProblem(apiUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password) return 'carries credentials; the token comes from GITHUB_TOKEN';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `is ${url.protocol} and not https`;
  const host = url.hostname.toLowerCase();
  if (LOOPBACK_NAMES.has(host) || /^127(\.\d{1,3}){3}$/.test(host)) return undefined;
  return `is plain http to ${host}, which would send the token in clear: use https (http is allowed only on loopback: 127.0.0.0/8, ::1, localhost)`;
}

export class GitHubApi {
  private readonly octokit: Octokit;
  private readonly clock: Clock;

  constructor(private readonly options: GitHubApiOptions) {
    const problem = apiUrlProblem(options.apiUrl ?? 'https://api.github.com');
    if (problem) throw new Error(`API URL ${options.apiUrl} ${problem}`);
    this.octokit = getOctokit(options.token, {
      baseUrl: (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    });
    this.clock = options.clock ?? systemClock;
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  /** GET, or undefined when GitHub answers 404. */
  async find<T>(path: string): Promise<T | undefined> {
    try {
      return await this.get<T>(path);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Every item of a paginated list (100 a page). */
  async list<T>(path: string, pick: (page: unknown) => T[] = (page) => page as T[]): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const batch = pick(await this.get(`${path}${sep}per_page=100&page=${page}`));
      items.push(...batch);
      if (batch.length < 100) return items;
    }
  }

  async call<T>(method: Method, path: string, body?: object): Promise<T> {
    const request = () =>
      this.octokit.request(`${method} ${path}`, {
        ...(body === undefined ? {} : { data: body }),
        headers: { 'x-github-api-version': '2022-11-28' },
      });
    try {
      const response = await retry(request, {
        attempts: 5,
        clock: this.clock,
        retryable: (error) => this.waitFor(method, error) !== undefined,
        retryAfterMs: (error) => this.waitFor(method, error),
        onRetry: ({ attempt, delayMs, error }) =>
          this.options.onRetry?.(
            `${method} ${path}: ${describe(error)}; retry ${attempt} in ${Math.round(delayMs / 1000)}s`,
          ),
      });
      return response.data as T;
    } catch (error) {
      const status = (error as HttpFailure).status;
      throw new ApiError(`${method} ${path} failed: ${describe(error)}`, status);
    }
  }

  /** How long to wait before repeating a failed call, or undefined when repeating cannot help. */
  private waitFor(method: Method, error: unknown): number | undefined {
    const { status, response } = error as HttpFailure;
    const headers = response?.headers ?? {};
    const text = describe(error);
    const limited =
      status === 429 ||
      (status === 403 && (headers['retry-after'] !== undefined || /rate limit/i.test(text)));
    let wait: number | undefined;
    if (limited) {
      wait = parseRetryAfter(headers['retry-after'], this.clock.now());
      if (wait === undefined && headers['x-ratelimit-remaining'] === '0' && headers['x-ratelimit-reset'])
        wait = Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - this.clock.now());
      wait ??= SECONDARY_LIMIT_WAIT_MS;
    } else if (method === 'GET' && (status === undefined || status >= 500)) {
      // Writes are not repeated on a 5xx: a POST may have been applied; the next run repairs it.
      wait = 1_000;
    }
    return wait !== undefined && wait <= (this.options.maxWaitMs ?? 300_000) ? wait : undefined;
  }
}

function describe(error: unknown): string {
  const e = error as HttpFailure;
  // Octokit's message carries GitHub's `errors` details (which field a 422 refused) and the docs link.
  const message = e.message ?? e.response?.data?.message ?? String(error);
  return e.status === undefined ? message : `${e.status} ${message}`;
}

export const NEEDED =
  'a fine-grained token (or GitHub App) with the "Administration: read and write" repository ' +
  'permission (and "Members: read" on the organisation for team reviewers), or a classic token with ' +
  'the `repo` scope whose user has the admin role on the repository';

/** What a token needs to read an organisation's teams (environment reviewers given as org/team). */
export const TEAMS_NEEDED =
  '"Members: read" on the organisation (fine-grained token or GitHub App), or the read:org scope (classic token)';

/** A refusal (403) that is not a rate limit: the token lacks a permission. */
export function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403 && !/rate limit/i.test(error.message);
}

/**
 * Fails with PermissionError, before anything is written, when the repository cannot be read or
 * GitHub says the user is not an admin. `permissions.admin` is the user's role, not what a
 * fine-grained token grants, and an App installation token gets no `permissions` at all: then the
 * check cannot tell, and the first write's 403 (made before any other write) says what is missing.
 */
export async function checkAdmin(api: GitHubApi, owner: string, repo: string): Promise<void> {
  let data: { permissions?: { admin?: boolean } };
  try {
    data = await api.get(`/repos/${owner}/${repo}`);
  } catch (error) {
    const status = error instanceof ApiError ? error.status : undefined;
    if (status === 401)
      throw new PermissionError(`GitHub rejected the token (401 Bad credentials): give ${NEEDED}`, status);
    if (status === 403 || status === 404)
      throw new PermissionError(
        `${owner}/${repo} cannot be read with this token (${status}): it does not exist or the token has no access; needs ${NEEDED}`,
        status,
      );
    throw error;
  }
  if (data.permissions !== undefined && data.permissions.admin !== true)
    throw new PermissionError(
      `the token has no admin rights on ${owner}/${repo}; configure-repo needs ${NEEDED}. Nothing was changed`,
      403,
    );
}
