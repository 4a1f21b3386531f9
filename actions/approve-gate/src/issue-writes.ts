// Writes that must happen once: opening the approval issue and posting a comment, each looking
// whether an earlier try landed before trying again; and finding the issue again by its marker.
import { GitHubApiError } from '@shipline/github';
import type { GitHubApi } from './github-api.js';
import type { CreatedIssue, NewIssue, Repo } from './github-types.js';

// POSTs are never repeated blindly: a 5xx or a timeout may come after GitHub did the work, and a
// second POST would open a second approval issue (never closed: its number was never learnt) or
// post the outcome twice. Before each new try, look whether the first one landed.

const TRIES = 3;

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
  const issues = await api.openIssues(repo, { since, labels }, deadline);
  const issue = issues.find((i) => i.body.includes(marker));
  return issue && { number: issue.number, url: issue.url };
}

export async function createIssue(
  api: GitHubApi,
  creating: Creating,
  issue: NewIssue,
  deadline: number,
  warn: (message: string) => void,
): Promise<CreatedIssue> {
  const post = (assignees: string[]): Promise<CreatedIssue> =>
    postOnce(
      () => api.createIssue(creating.repo, { ...issue, assignees }, deadline),
      () => findIssue(api, creating, deadline),
      warn,
    );
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
