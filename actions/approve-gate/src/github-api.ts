import type { getOctokit } from '@actions/github';
import { retry, type Clock } from '@shipline/toolkit';
import { GitHubApiError, isHttpError, isTransient, rateLimitWaitMs } from './api-errors.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface Repo {
  owner: string;
  repo: string;
}

export interface IssueComment {
  id: number;
  login: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  url: string;
}

export interface RunApproval {
  login: string;
  state: string;
  environments: string[];
  comment: string;
}

export interface ApiCallContext {
  clock: Clock;
  signal?: AbortSignal;
  warn: (message: string) => void;
}

type Response = { status: number; data: unknown; headers: Record<string, string | number | undefined> };

export type CommentPage =
  | { notModified: true }
  | { notModified: false; etag: string | undefined; comments: IssueComment[]; hasNext: boolean };

const COMMENTS = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
export const PER_PAGE = 100;
const REQUEST_TIMEOUT_MS = 30_000;
const TRANSIENT_ATTEMPTS = 3;

/**
 * GitHub's REST API as the gate uses it. Every call: a 304 is an answer, not an error; rate limits
 * wait for Retry-After / x-ratelimit-reset (never past `deadline`); 5xx and dropped connections
 * get 3 tries; anything else throws GitHubApiError with GitHub's message.
 */
export class GitHubApi {
  /** Requests sent, and how many were answered 304 (those do not count against the rate limit). */
  readonly stats = { requests: 0, notModified: 0 };

  constructor(
    private readonly octokit: Octokit,
    private readonly context: ApiCallContext,
  ) {}

  async send(
    what: string,
    route: string,
    params: Record<string, unknown>,
    deadline: number,
    signal = this.context.signal,
  ): Promise<Response> {
    const { clock, warn } = this.context;
    try {
      return await retry(
        async () => {
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
          retryable: (error, attempt) =>
            rateLimitWaitMs(error, clock.now()) !== undefined ||
            (isTransient(error) && attempt < TRANSIENT_ATTEMPTS),
          retryAfterMs: (error) => rateLimitWaitMs(error, clock.now()),
          onRetry: ({ delayMs, error, attempt }) => {
            const limited = rateLimitWaitMs(error, clock.now()) !== undefined;
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
    } catch (error) {
      if (!isHttpError(error) && !(error instanceof TypeError)) throw error;
      const status = isHttpError(error) ? error.status : undefined;
      throw new GitHubApiError(what, status, error.message);
    }
  }

  async teamExists(org: string, slug: string, deadline: number): Promise<boolean> {
    const params = { org, team_slug: slug };
    const res = await this.getOrNotFound(
      `read team ${org}/${slug}`,
      'GET /orgs/{org}/teams/{team_slug}',
      params,
      deadline,
    );
    return res !== undefined;
  }

  /** Active members only: an invitation not yet accepted (state pending) does not make an approver. */
  async isTeamMember(org: string, slug: string, login: string, deadline: number): Promise<boolean> {
    const res = await this.getOrNotFound(
      `check ${login} in team ${org}/${slug}`,
      'GET /orgs/{org}/teams/{team_slug}/memberships/{username}',
      { org, team_slug: slug, username: login },
      deadline,
    );
    return (res?.data as { state?: string } | undefined)?.state === 'active';
  }

  async createIssue(
    repo: Repo,
    issue: { title: string; body: string; assignees: string[]; labels: string[] },
    deadline: number,
  ): Promise<{ number: number; url: string; createdAt: string }> {
    const what = `open the approval issue in ${repo.owner}/${repo.repo}`;
    let res: Response;
    try {
      res = await this.send(what, 'POST /repos/{owner}/{repo}/issues', { ...only(repo), ...issue }, deadline);
    } catch (error) {
      // An approver who cannot be assigned (no access to the repository) fails the whole call.
      if (!(error instanceof GitHubApiError && error.status === 422 && issue.assignees.length > 0))
        throw error;
      this.context.warn(
        `Could not assign ${issue.assignees.join(', ')} (${error.message}); opening the issue unassigned.`,
      );
      res = await this.send(
        what,
        'POST /repos/{owner}/{repo}/issues',
        { ...only(repo), ...issue, assignees: [] },
        deadline,
      );
    }
    const data = res.data as { number: number; html_url: string; created_at: string };
    return { number: data.number, url: data.html_url, createdAt: data.created_at };
  }

  /**
   * One page of `comments?per_page=100` (optionally `since`), asked with If-None-Match when an
   * ETag is known: a 304 means that page is unchanged, and GitHub did not count the call.
   */
  async commentPage(
    repo: Repo,
    issueNumber: number,
    options: { since?: string; page: number; etag?: string },
    deadline: number,
  ): Promise<CommentPage> {
    const res = await this.send(
      `read the comments of ${repo.owner}/${repo.repo}#${issueNumber}`,
      COMMENTS,
      {
        ...only(repo),
        issue_number: issueNumber,
        per_page: PER_PAGE,
        ...(options.since ? { since: options.since } : {}),
        ...(options.page > 1 ? { page: options.page } : {}),
        headers: options.etag ? { 'if-none-match': options.etag } : {},
      },
      deadline,
    );
    if (res.status === 304) return { notModified: true };
    const etag = res.headers.etag === undefined ? undefined : String(res.headers.etag);
    return {
      notModified: false,
      etag,
      comments: toComments(res.data),
      hasNext: !!nextLink(res.headers.link),
    };
  }

  /** Every comment, unconditionally, following the Link rel="next" headers to the end. */
  async listComments(repo: Repo, issueNumber: number, deadline: number): Promise<IssueComment[]> {
    const what = `read all comments of ${repo.owner}/${repo.repo}#${issueNumber}`;
    const params = { ...only(repo), issue_number: issueNumber, per_page: PER_PAGE };
    let res = await this.send(what, COMMENTS, params, deadline);
    const comments = toComments(res.data);
    for (let next = nextLink(res.headers.link); next; next = nextLink(res.headers.link)) {
      res = await this.send(what, `GET ${next}`, {}, deadline);
      comments.push(...toComments(res.data));
    }
    return comments;
  }

  async addComment(
    repo: Repo,
    issueNumber: number,
    body: string,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.send(
      `comment on ${repo.owner}/${repo.repo}#${issueNumber}`,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      { ...only(repo), issue_number: issueNumber, body },
      deadline,
      signal,
    );
  }

  async closeIssue(
    repo: Repo,
    issueNumber: number,
    reason: 'completed' | 'not_planned',
    deadline: number,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.send(
      `close ${repo.owner}/${repo.repo}#${issueNumber}`,
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      { ...only(repo), issue_number: issueNumber, state: 'closed', state_reason: reason },
      deadline,
      signal,
    );
  }

  async issueIsOpen(
    repo: Repo,
    issueNumber: number,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const res = await this.send(
      `read ${repo.owner}/${repo.repo}#${issueNumber}`,
      'GET /repos/{owner}/{repo}/issues/{issue_number}',
      { ...only(repo), issue_number: issueNumber },
      deadline,
      signal,
    );
    return (res.data as { state?: string }).state === 'open';
  }

  async listRunApprovals(repo: Repo, runId: number, deadline: number): Promise<RunApproval[]> {
    const res = await this.send(
      `read the review history of run ${runId}`,
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals',
      { ...only(repo), run_id: runId },
      deadline,
    );
    return (
      res.data as {
        state: string;
        comment?: string;
        user?: { login?: string };
        environments?: { name?: string }[];
      }[]
    ).map((a) => ({
      login: a.user?.login ?? '',
      state: a.state,
      environments: (a.environments ?? []).map((e) => e.name ?? ''),
      comment: a.comment ?? '',
    }));
  }

  private async getOrNotFound(
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
const only = (repo: Repo): Repo => ({ owner: repo.owner, repo: repo.repo });

function toComments(data: unknown): IssueComment[] {
  return (
    data as {
      id: number;
      body?: string;
      user?: { login?: string } | null;
      created_at: string;
      updated_at: string;
      html_url: string;
    }[]
  ).map((c) => ({
    id: c.id,
    login: (c.user?.login ?? '').toLowerCase(),
    body: c.body ?? '',
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    url: c.html_url,
  }));
}

export function nextLink(link: string | number | undefined): string | undefined {
  if (typeof link !== 'string') return undefined;
  return /<([^<>]+)>;\s*rel="next"/.exec(link)?.[1];
}
