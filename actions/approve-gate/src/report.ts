// The gate's outputs and job summary as data (pure): published by main with the toolkit's publishReport.
import { formatDuration, markdownTable, type ActionReport } from '@shipline/toolkit';
import type { GateResult } from './gate.js';
import type { Mode } from './inputs.js';
import type { GateEnded, GateRun } from './run.js';

/** Set as soon as the issue is opened, and again with the result. */
export function issueOutputs(issue: { number: number; url: string }): Record<string, string> {
  return { 'issue-number': String(issue.number), 'issue-url': issue.url };
}

export function report(mode: Mode, gate: GateRun): ActionReport {
  if ('ended' in gate) return { outputs: {}, summary: endedSummary(mode, gate.ended) };
  const result = gate.decided;
  const approved = result.status === 'approved';
  return {
    outputs: resultOutputs(result),
    summary: resultSummary(mode, result),
    lines: approved ? [{ level: 'info', message: result.message }] : [],
    ...(approved ? {} : { failure: result.message }),
  };
}

function resultOutputs(result: GateResult): Record<string, string> {
  const votes = result.votes.map((v) => ({
    login: v.login,
    decision: v.decision,
    at: v.at,
    via: v.via,
    url: v.url,
  }));
  return {
    ...(result.status ? { status: result.status } : {}),
    approvers: JSON.stringify(votes),
    'decided-at': result.decidedAt,
    ...(result.issue ? issueOutputs(result.issue) : {}),
  };
}

const ICON: Record<string, string> = { approved: '✅', denied: '❌', 'timed-out': '⌛' };

const requestsCell = (requests: { sent: number; notModified: number }): string =>
  `${requests.sent} (${requests.notModified} answered 304, not counted against the rate limit)`;

function resultSummary(mode: Mode, result: GateResult): string[] {
  const status = result.status ?? 'no approval';
  const rows: (string | number)[][] = [
    ['status', status],
    ['decided at', result.decidedAt],
    ...(result.issue ? [['issue', `[#${result.issue.number}](${result.issue.url})`]] : []),
    ...(mode === 'issue' ? [['waited', formatDuration(result.waitedMs)]] : []),
    ['API requests', requestsCell(result.requests)],
  ];
  const votes = result.votes.map((v) => [`@${v.login}`, v.decision, v.at, v.via]);
  return [
    `### ${ICON[status] ?? '⚠️'} approve-gate (${mode}): ${status}`,
    result.message,
    markdownTable(['', ''], rows),
    votes.length > 0 ? markdownTable(['who', 'decision', 'when', 'counted as'], votes) : '',
  ];
}

/** The summary of a gate that ended without a result: an API error or a cancellation. */
function endedSummary(mode: Mode, end: GateEnded): string[] {
  const rows: string[][] = [
    ['status', end.ending],
    ['ended while', end.reached],
    ['issue', end.issue ? `[#${end.issue.number}](${end.issue.url})` : '(none opened)'],
    ['API requests', requestsCell(end.requests)],
  ];
  return [
    `### ${end.ending === 'cancelled' ? '🛑' : '⚠️'} approve-gate (${mode}): ${end.ending}`,
    end.message,
    markdownTable(['', ''], rows),
  ];
}
