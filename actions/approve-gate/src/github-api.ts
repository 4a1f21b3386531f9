// GitHubApi: the calls approve-gate makes to GitHub, each a thin facade over the shared GitHubClient.
import { askedPollIntervalMs, GitHubClient, nextLink, type Octokit, type RestCall } from '@shipline/github';
import type { Clock } from '@shipline/toolkit';
import type {
  CloseReason,
  CommentPage,
  CreatedIssue,
  IssueComment,
  ListedIssue,
  NewIssue,
  Repo,
  RunApproval,
} from './github-types.js';

export interface ApiCallContext {
  clock: Clock;
  signal?: AbortSignal;
  warn: (message: string) => void;
}

const COMMENTS = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
export const PER_PAGE = 100;

/** Only owner and repo: a richer object (an issue with its `url`) would override Octokit's route. */
const only = (repo: Repo): Repo => ({ owner: repo.owner, repo: repo.repo });
const issueRef = (repo: Repo, issueNumber: number) => `${repo.owner}/${repo.repo}#${issueNumber}`;

export class GitHubApi {
  private readonly client: GitHubClient;

  constructor(octokit: Octokit, { clock, signal, warn }: ApiCallContext) {
    this.client = new GitHubClient(octokit, {
      clock,
      ...(signal ? { signal } : {}),
      onRetry: ({ what, attempt, delayMs, error, rateLimited }) =>
        warn(
          `${what}: ${rateLimited ? 'rate limited by GitHub' : `attempt ${attempt} failed (${error.message})`}; ` +
            `trying again in ${Math.ceil(delayMs / 1_000)}s`,
        ),
    });
  }

  /** Requests sent, how many were answered 304 (not counted by GitHub) and how many were rate limited. */
  get stats(): { requests: number; notModified: number; rateLimited: number } {
    return this.client.stats;
  }

  private send(call: RestCall) {
    return this.client.request(call);
  }

  async teamExists(org: string, slug: string, deadline: number): Promise<boolean> {
    const route = 'GET /orgs/{org}/teams/{team_slug}';
    const params = { org, team_slug: slug };
    return (
      (await this.client.getOrNotFound({ what: `read team ${org}/${slug}`, route, params, deadline })) !==
      undefined
    );
  }

  /** Active members only: an invitation not yet accepted (state pending) does not make an approver. */
  async isTeamMember(org: string, slug: string, login: string, deadline: number): Promise<boolean> {
    const res = await this.client.getOrNotFound({
      what: `check ${login} in team ${org}/${slug}`,
      route: 'GET /orgs/{org}/teams/{team_slug}/memberships/{username}',
      params: { org, team_slug: slug, username: login },
      deadline,
    });
    return (res?.data as { state?: string } | undefined)?.state === 'active';
  }

  /**
   * One page of `comments?per_page=100` (optionally `since`), asked with If-None-Match when an
   * ETag is known: a 304 means that page is unchanged, and GitHub did not count the call. GitHub's
   * `x-poll-interval`, when it sends one, comes back as `askedIntervalMs`.
   */
  async commentPage(
    repo: Repo,
    issueNumber: number,
    options: { since?: string; page: number; etag?: string },
    deadline: number,
  ): Promise<CommentPage> {
    const res = await this.send({
      what: `read the comments of ${issueRef(repo, issueNumber)}`,
      route: COMMENTS,
      params: {
        ...only(repo),
        issue_number: issueNumber,
        per_page: PER_PAGE,
        ...(options.since ? { since: options.since } : {}),
        ...(options.page > 1 ? { page: options.page } : {}),
      },
      ...(options.etag ? { etag: options.etag } : {}),
      deadline,
    });
    const asked = askedPollIntervalMs(res.headers);
    const askedIntervalMs = asked === undefined ? {} : { askedIntervalMs: asked };
    if (res.status === 304) return { notModified: true, ...askedIntervalMs };
    const etag = res.headers.etag === undefined ? undefined : String(res.headers.etag);
    return {
      ...askedIntervalMs,
      notModified: false,
      etag,
      comments: toComments(res.data),
      hasNext: !!nextLink(res.headers.link),
    };
  }

  /** Every comment, unconditionally, following the Link rel="next" headers to the end. */
  async listComments(repo: Repo, issueNumber: number, deadline: number): Promise<IssueComment[]> {
    const what = `read all comments of ${issueRef(repo, issueNumber)}`;
    const params = { ...only(repo), issue_number: issueNumber, per_page: PER_PAGE };
    let res = await this.send({ what, route: COMMENTS, params, deadline });
    const comments = toComments(res.data);
    for (let next = nextLink(res.headers.link); next; next = nextLink(res.headers.link)) {
      res = await this.send({ what, route: `GET ${next}`, deadline });
      comments.push(...toComments(res.data));
    }
    return comments;
  }

  /** Never repeated blindly (one try): see issue-writes.ts. */
  async addComment(repo: Repo, issueNumber: number, body: string, deadline: number, signal?: AbortSignal) {
    await this.send({
      what: `comment on ${issueRef(repo, issueNumber)}`,
      route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      params: { ...only(repo), issue_number: issueNumber, body },
      deadline,
      ...(signal ? { signal } : {}),
      transientAttempts: 1,
    });
  }

  /** Never repeated blindly (one try): see issue-writes.ts. */
  async createIssue(repo: Repo, issue: NewIssue, deadline: number): Promise<CreatedIssue> {
    const res = await this.send({
      what: `open the approval issue in ${repo.owner}/${repo.repo}`,
      route: 'POST /repos/{owner}/{repo}/issues',
      params: { ...only(repo), ...issue },
      deadline,
      transientAttempts: 1,
    });
    const data = res.data as { number: number; html_url: string };
    return { number: data.number, url: data.html_url };
  }

  /** One page of open issues updated since `since`, newest first (optionally with all these labels). */
  async openIssues(
    repo: Repo,
    filter: { since: string; labels: string[] },
    deadline: number,
  ): Promise<ListedIssue[]> {
    const res = await this.send({
      what: `look for the approval issue in ${repo.owner}/${repo.repo}`,
      route: 'GET /repos/{owner}/{repo}/issues',
      params: {
        ...only(repo),
        state: 'open',
        since: filter.since,
        sort: 'created',
        direction: 'desc',
        per_page: PER_PAGE,
        ...(filter.labels.length > 0 ? { labels: filter.labels.join(',') } : {}),
      },
      deadline,
    });
    const issues = res.data as { number: number; html_url: string; body?: string | null }[];
    return issues.map((i) => ({ number: i.number, url: i.html_url, body: i.body ?? '' }));
  }

  async closeIssue(
    repo: Repo,
    issueNumber: number,
    reason: CloseReason,
    deadline: number,
    signal?: AbortSignal,
  ) {
    await this.send({
      what: `close ${issueRef(repo, issueNumber)}`,
      route: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      params: { ...only(repo), issue_number: issueNumber, state: 'closed', state_reason: reason },
      deadline,
      ...(signal ? { signal } : {}),
    });
  }

  async issueIsOpen(
    repo: Repo,
    issueNumber: number,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const res = await this.send({
      what: `read ${issueRef(repo, issueNumber)}`,
      route: 'GET /repos/{owner}/{repo}/issues/{issue_number}',
      params: { ...only(repo), issue_number: issueNumber },
      deadline,
      ...(signal ? { signal } : {}),
    });
    return (res.data as { state?: string }).state === 'open';
  }

  async listRunApprovals(repo: Repo, runId: number, deadline: number): Promise<RunApproval[]> {
    const res = await this.send({
      what: `read the review history of run ${runId}`,
      route: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals',
      params: { ...only(repo), run_id: runId },
      deadline,
    });
    type Answer = {
      state: string;
      comment?: string;
      user?: { login?: string };
      environments?: { name?: string }[];
    };
    return (res.data as Answer[]).map((a) => ({
      login: a.user?.login ?? '',
      state: a.state,
      environments: (a.environments ?? []).map((e) => e.name ?? ''),
      comment: a.comment ?? '',
    }));
  }
}

function toComments(data: unknown): IssueComment[] {
  type Answer = {
    id: number;
    body?: string;
    user?: { login?: string } | null;
    created_at: string;
    updated_at: string;
    html_url: string;
  };
  return (data as Answer[]).map((c) => ({
    id: c.id,
    login: (c.user?.login ?? '').toLowerCase(),
    body: c.body ?? '',
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    url: c.html_url,
  }));
}
