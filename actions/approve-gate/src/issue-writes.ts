import { GitHubApiError } from './api-errors.js';
import { only, type Response } from './api-client.js';
import type { GitHubApi, Repo } from './github-api.js';

// POSTs are never repeated blindly: a 5xx or a timeout may come after GitHub did the work, and a
// second POST would open a second approval issue (never closed: its number was never learnt) or
// post the outcome twice. Before each new try, look whether the first one landed.

const TRIES = 3;
const ISSUES = 'GET /repos/{owner}/{repo}/issues';

export interface NewIssue {
  title: string;
  body: string;
  assignees: string[];
  labels: string[];
}

export interface CreatedIssue {
  number: number;
  url: string;
}

/** Where an issue being created can be found again: its repository, body marker and labels. */
export interface Creating {
  repo: Repo;
  marker: string;
  labels: string[];
  /** ISO time shortly before the POST: the issue was updated after it. */
  since: string;
}

/** `<!-- approve-gate:owner/repo/run/attempt/step -->`: one per gate step of one run attempt. */
export function issueMarker(repo: Repo, runId: number, runAttempt: number, step: string): string {
  return `<!-- approve-gate:${repo.owner}/${repo.repo}/${runId}/${runAttempt}/${step} -->`;
}

const isTransient = (error: unknown): error is GitHubApiError =>
  error instanceof GitHubApiError && error.status >= 500;

/** Tries `post` up to 3 times; after a 5xx or timeout, `landed` says whether it took effect anyway. */
async function postOnce<T>(
  post: () => Promise<T>,
  landed: () => Promise<T | undefined>,
  warn: (message: string) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await post();
    } catch (error) {
      if (!isTransient(error) || attempt >= TRIES) throw error;
      const found = await landed();
      if (found !== undefined) {
        warn(`${error.message}, but it had been done: not repeated.`);
        return found;
      }
      warn(`${error.message}; it had not been done: trying again (attempt ${attempt + 1} of ${TRIES}).`);
    }
  }
}

/** The open issue carrying `marker` (newest first, one page of recently updated issues), if any. */
export async function findIssue(
  api: GitHubApi,
  creating: Creating,
  deadline: number,
): Promise<CreatedIssue | undefined> {
  const { repo, marker, labels, since } = creating;
  const res = await api.send(
    `look for the approval issue in ${repo.owner}/${repo.repo}`,
    ISSUES,
    {
      ...only(repo),
      state: 'open',
      since,
      sort: 'created',
      direction: 'desc',
      per_page: 100,
      ...(labels.length > 0 ? { labels: labels.join(',') } : {}),
    },
    deadline,
  );
  const issues = res.data as { number: number; html_url: string; body?: string | null }[];
  const issue = issues.find((i) => (i.body ?? '').includes(marker));
  return issue && { number: issue.number, url: issue.html_url };
}

export async function createIssue(
  api: GitHubApi,
  creating: Creating,
  issue: NewIssue,
  deadline: number,
  warn: (message: string) => void,
): Promise<CreatedIssue> {
  const { repo } = creating;
  const what = `open the approval issue in ${repo.owner}/${repo.repo}`;
  const post = async (assignees: string[]): Promise<CreatedIssue> => {
    const res: Response = await postOnce(
      () =>
        api.send(
          what,
          'POST /repos/{owner}/{repo}/issues',
          { ...only(repo), ...issue, assignees },
          deadline,
          undefined,
          1,
        ),
      async () => {
        const found = await findIssue(api, creating, deadline);
        return found && { status: 201, headers: {}, data: { number: found.number, html_url: found.url } };
      },
      warn,
    );
    const data = res.data as { number: number; html_url: string };
    return { number: data.number, url: data.html_url };
  };
  try {
    return await post(issue.assignees);
  } catch (error) {
    // An approver who cannot be assigned (no access to the repository) fails the whole call.
    if (!(error instanceof GitHubApiError && error.status === 422 && issue.assignees.length > 0)) throw error;
    warn(`Could not assign ${issue.assignees.join(', ')} (${error.message}); opening the issue unassigned.`);
    return post([]);
  }
}

/** Whether the issue already has a comment with exactly this body (an earlier try that landed). */
export async function hasComment(
  api: GitHubApi,
  repo: Repo,
  issueNumber: number,
  body: string,
  deadline: number,
): Promise<boolean> {
  const comments = await api.listComments(repo, issueNumber, deadline);
  return comments.some((c) => c.body === body);
}

export async function commentOnce(
  api: GitHubApi,
  repo: Repo,
  issueNumber: number,
  body: string,
  deadline: number,
  warn: (message: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  await postOnce(
    async () => (await api.addComment(repo, issueNumber, body, deadline, signal), true),
    async () => ((await hasComment(api, repo, issueNumber, body, deadline)) ? true : undefined),
    warn,
  );
}
