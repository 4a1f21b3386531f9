// The repository-settings calls configure-repo makes, a thin facade over the shared GitHubClient:
// failures become ApiError messages that name the call, GETs are tried again on 5xx, writes never.
import { GitHubApiError, GitHubClient } from '@shipline/github';
import type { Clock } from '@shipline/toolkit';

export { apiUrlProblem } from '@shipline/github';

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

/** Tries of a GET that gets a 5xx or no answer. Writes get one: a POST may have been applied; the next run repairs it. */
const GET_ATTEMPTS = 5;

export class GitHubApi {
  private readonly client: GitHubClient;

  constructor(options: GitHubApiOptions) {
    const { onRetry } = options;
    this.client = GitHubClient.connect({
      token: options.token,
      ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      maxWaitMs: options.maxWaitMs ?? 300_000,
      onRetry: ({ what, attempt, delayMs, error }) =>
        onRetry?.(
          `${what}: ${error.status} ${error.message}; retry ${attempt} in ${Math.round(delayMs / 1000)}s`,
        ),
    });
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
    const what = `${method} ${path}`;
    try {
      const response = await this.client.request({
        what,
        route: what,
        params: body === undefined ? {} : { data: body },
        transientAttempts: method === 'GET' ? GET_ATTEMPTS : 1,
      });
      return response.data as T;
    } catch (error) {
      if (!(error instanceof GitHubApiError)) throw error;
      // Octokit's message carries GitHub's `errors` details (which field a 422 refused) and the docs link.
      throw new ApiError(`${what} failed: ${error.status} ${error.apiMessage}`, error.status);
    }
  }
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
