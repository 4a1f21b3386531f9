import * as core from '@actions/core';
import type { OpenedIssue } from './issue-gate.js';

// What main leaves for the post step: the open issue, and whether main closed it.
const ISSUE = 'issue';
const CLOSED = 'issue-closed';

export function rememberOpened(issue: OpenedIssue): void {
  core.saveState(ISSUE, JSON.stringify(issue));
}

export function rememberClosed(): void {
  core.saveState(CLOSED, 'true');
}

/** The issue main opened and did not close, if any. */
export function issueLeftOpen(): OpenedIssue | undefined {
  const text = core.getState(ISSUE);
  if (text === '' || core.getState(CLOSED) === 'true') return undefined;
  return JSON.parse(text) as OpenedIssue;
}
