// What main leaves in the step's state for the post step: the approval issue and how to close it.
import * as core from '@actions/core';
import type { CloseReason, OpenedIssue } from './github-types.js';
import type { Creating } from './issue-writes.js';

// What main leaves for the post step: the issue it was creating (to find it by its marker if main
// died before learning its number), the open issue, the comment it meant to close it with, and
// whether it did.
const CREATING = 'issue-creating';
const ISSUE = 'issue';
const OUTCOME = 'issue-outcome';
const CLOSED = 'issue-closed';

export interface LeftOpen {
  /** Undefined when main died while creating it: then `creating` says how to find it. */
  issue?: OpenedIssue;
  creating?: Creating;
  outcome?: { comment: string; reason: CloseReason };
}

export function rememberCreating(creating: Creating): void {
  core.saveState(CREATING, JSON.stringify(creating));
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

/** The issue main opened (or was opening) and did not close, if any. */
export function issueLeftOpen(): LeftOpen | undefined {
  const issue = core.getState(ISSUE);
  const creating = core.getState(CREATING);
  if ((issue === '' && creating === '') || core.getState(CLOSED) === 'true') return undefined;
  const outcome = core.getState(OUTCOME);
  return {
    ...(issue ? { issue: JSON.parse(issue) as OpenedIssue } : {}),
    ...(creating ? { creating: JSON.parse(creating) as Creating } : {}),
    ...(outcome ? { outcome: JSON.parse(outcome) as LeftOpen['outcome'] } : {}),
  };
}
