// The gate's shared types: its result, its dependencies, and the issue gate's options and hooks.
import type { ActionLog, Clock } from '@shipline/toolkit';
import type { TallyRules, Vote } from './decision.js';
import type { GitHubApi } from './github-api.js';
import type { CloseReason, OpenedIssue } from './github-types.js';
import type { Request } from './issue-text.js';
import type { Creating } from './issue-writes.js';

export type Status = 'approved' | 'denied' | 'timed-out';

export interface GateResult {
  /** Undefined when there is no decision to report (environment mode without a review). */
  status: Status | undefined;
  /** The votes that counted: approvals, then the deny when there was one. */
  votes: Vote[];
  decidedAt: string;
  issue?: { number: number; url: string };
  /** One sentence for the log, the summary and the failure message. */
  message: string;
  requests: { sent: number; notModified: number };
  waitedMs: number;
}

export interface GateDeps {
  api: GitHubApi;
  clock: Clock;
  signal: AbortSignal;
  log: ActionLog;
}

export interface IssueGateOptions extends Request, TallyRules {
  issueLabels: string[];
  targetRepository: string | undefined;
  pollIntervalMs: number;
  initiators: string[];
}

/** What the issue gate tells as it goes: the post step's state and the early outputs hang on these. */
export interface IssueHooks {
  /** Called before the issue is created: if main dies then, the post step finds it by its marker. */
  onCreating(creating: Creating): void;
  /** Called as soon as the issue exists (state for the post step, early outputs). */
  onOpened(issue: OpenedIssue): void;
  /** Called with the closing comment before it is posted: the post step posts it if main cannot. */
  onClosing(comment: string, reason: CloseReason): void;
  onClosed(issue: OpenedIssue): void;
}

export interface IssueGateDeps extends GateDeps, IssueHooks {}
