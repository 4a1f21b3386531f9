// The GitHub data approve-gate reads and writes, as the gate sees it (not GitHub's JSON).
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

/** One page of comments; `askedIntervalMs` is GitHub's `x-poll-interval`, when it sent one. */
export type CommentPage = { askedIntervalMs?: number } & (
  | { notModified: true }
  | { notModified: false; etag: string | undefined; comments: IssueComment[]; hasNext: boolean }
);

export type CloseReason = 'completed' | 'not_planned';

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

/** An issue listed by `openIssues`: enough to find one by the marker in its body. */
export interface ListedIssue extends CreatedIssue {
  body: string;
}

export interface OpenedIssue extends Repo, CreatedIssue {}
