import type { ActionLog, Clock } from '@shipline/toolkit';
import type { Vote } from './decision.js';
import type { GitHubApi } from './github-api.js';

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

export type GateLog = ActionLog;

export interface GateDeps {
  api: GitHubApi;
  clock: Clock;
  signal: AbortSignal;
  log: GateLog;
}

/** ISO 8601 in whole seconds, as GitHub writes times (and expects `since`). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
