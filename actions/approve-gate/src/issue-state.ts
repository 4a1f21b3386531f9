import * as core from '@actions/core';
import type { CloseReason } from './github-api.js';
import type { OpenedIssue } from './issue-gate.js';

// What main leaves for the post step: the open issue, the comment it meant to close it with, and
// whether it did.
const ISSUE = 'issue';
const OUTCOME = 'issue-outcome';
const CLOSED = 'issue-closed';

export interface LeftOpen {
  issue: OpenedIssue;
  outcome?: { comment: string; reason: CloseReason };
}

export function rememberOpened(issue: OpenedIssue): void {
  core.saveState(ISSUE, JSON.stringify(issue));
}

export function rememberOutcome(comment: string, reason: CloseReason): void {
  core.saveState(OUTCOME, JSON.stringify({ comment, reason }));
}

export function rememberClosed(): void {
  core.saveState(CLOSED, 'true');
}

/** The issue main opened and did not close, if any. */
export function issueLeftOpen(): LeftOpen | undefined {
  const issue = core.getState(ISSUE);
  if (issue === '' || core.getState(CLOSED) === 'true') return undefined;
  const outcome = core.getState(OUTCOME);
  return {
    issue: JSON.parse(issue) as OpenedIssue,
    ...(outcome ? { outcome: JSON.parse(outcome) as LeftOpen['outcome'] } : {}),
  };
}
