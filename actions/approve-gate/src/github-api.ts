import { ApiClient, nextLink, only, type Repo } from './api-client.js';

export type { Repo } from './api-client.js';

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

export type CommentPage =
  | { notModified: true }
  | { notModified: false; etag: string | undefined; comments: IssueComment[]; hasNext: boolean };

const COMMENTS = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
export const PER_PAGE = 100;

export type CloseReason = 'completed' | 'not_planned';

/** The calls the gate makes, each one through ApiClient.send. */
export class GitHubApi extends ApiClient {
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
      1, // never blindly: see issue-writes.ts
    );
  }

  async closeIssue(
    repo: Repo,
    issueNumber: number,
    reason: CloseReason,
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
}

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
