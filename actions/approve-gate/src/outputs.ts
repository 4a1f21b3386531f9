import { appendSummary, formatDuration, markdownTable, setOutput } from '@shipline/toolkit';
import type { GateResult } from './gate.js';

export function setIssueOutputs(issue: { number: number; url: string }): void {
  setOutput('issue-number', String(issue.number));
  setOutput('issue-url', issue.url);
}

export function setOutputs(result: GateResult): void {
  if (result.status) setOutput('status', result.status);
  setOutput(
    'approvers',
    JSON.stringify(
      result.votes.map((v) => ({ login: v.login, decision: v.decision, at: v.at, via: v.via, url: v.url })),
    ),
  );
  setOutput('decided-at', result.decidedAt);
  if (result.issue) setIssueOutputs(result.issue);
}

const ICON: Record<string, string> = { approved: '✅', denied: '❌', 'timed-out': '⌛' };

export async function writeSummary(mode: string, result: GateResult): Promise<void> {
  const status = result.status ?? 'no approval';
  const rows: (string | number)[][] = [
    ['status', status],
    ['decided at', result.decidedAt],
    ...(result.issue ? [['issue', `[#${result.issue.number}](${result.issue.url})`]] : []),
    ...(mode === 'issue' ? [['waited', formatDuration(result.waitedMs)]] : []),
    [
      'API requests',
      `${result.requests.sent} (${result.requests.notModified} answered 304, not counted against the rate limit)`,
    ],
  ];
  const votes = result.votes.map((v) => [`@${v.login}`, v.decision, v.at, v.via]);
  await appendSummary(
    `### ${ICON[status] ?? '⚠️'} approve-gate (${mode}): ${status}`,
    result.message,
    markdownTable(['', ''], rows),
    votes.length > 0 ? markdownTable(['who', 'decision', 'when', 'counted as'], votes) : '',
  );
}

/** The summary of a gate that ended without a result: an API error or a cancellation. */
export async function writeFailureSummary(
  mode: string,
  end: {
    ending: 'failed' | 'cancelled';
    reached: string;
    issue: { number: number; url: string } | undefined;
    message: string;
    api: { stats: { requests: number; notModified: number } };
  },
): Promise<void> {
  const rows: string[][] = [
    ['status', end.ending],
    ['ended while', end.reached],
    ['issue', end.issue ? `[#${end.issue.number}](${end.issue.url})` : '(none opened)'],
    [
      'API requests',
      `${end.api.stats.requests} (${end.api.stats.notModified} answered 304, not counted against the rate limit)`,
    ],
  ];
  await appendSummary(
    `### ${end.ending === 'cancelled' ? '🛑' : '⚠️'} approve-gate (${mode}): ${end.ending}`,
    end.message,
    markdownTable(['', ''], rows),
  );
}
