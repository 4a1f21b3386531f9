// The words the gate writes on GitHub: the approval issue's title and body, and the closing comment.
import { formatDuration, markdownTable } from '@shipline/toolkit';
import { describeApprover, type Approver } from './approvers.js';
import type { Vote } from './decision.js';
import { isoSeconds } from './iso-seconds.js';
import { runUrl, type RunInfo } from './run-info.js';

export interface Request {
  environment: string | undefined;
  version: string | undefined;
  approvers: Approver[];
  minimumApprovals: number;
  approveWords: string[];
  denyWords: string[];
  allowSelfApproval: boolean;
  timeoutMs: number;
}

const short = (sha: string): string => sha.slice(0, 7);

/** The actor and, on a re-run by someone else, github.triggering_actor: `@dana and @erin`. */
function initiators(run: RunInfo): string {
  const others = run.initiators.filter((l) => l !== run.actor.toLowerCase());
  return [run.actor, ...others].map((l) => `@${l}`).join(' and ');
}

export function issueTitle(request: Request, run: RunInfo): string {
  const what = request.version ?? short(run.sha);
  const where = request.environment ? ` to ${request.environment}` : '';
  return `Approve deploying ${what}${where} (${run.repo.owner}/${run.repo.repo})`;
}

export function issueBody(request: Request, run: RunInfo, deadline: Date): string {
  const repoUrl = `${run.serverUrl}/${run.repo.owner}/${run.repo.repo}`;
  const rows: string[][] = [
    ['Environment', request.environment ?? '(not given)'],
    ['Version', request.version ?? short(run.sha)],
    ['Commit', `[${short(run.sha)}](${repoUrl}/commit/${run.sha}) on \`${run.ref}\``],
    ['Changes', run.compareUrl ? `[compare](${run.compareUrl})` : '(no compare link for this event)'],
    ['Run', `[${run.repo.owner}/${run.repo.repo} run ${run.runId}](${runUrl(run)})`],
    ['Requested by', initiators(run)],
    ['Approvers', request.approvers.map(describeApprover).join(', ')],
    ['Approvals needed', String(request.minimumApprovals)],
    [
      'Decide by',
      `${isoSeconds(deadline.getTime())} (${formatDuration(request.timeoutMs)} after the request)`,
    ],
  ];
  const self = request.allowSelfApproval ? '' : ` ${initiators(run)} started the run and cannot approve it.`;
  return [
    `A deployment is waiting for approval.`,
    '',
    markdownTable(['', ''], rows),
    '',
    `**To approve**, comment with exactly one of: ${request.approveWords.map((w) => `\`${w}\``).join(', ')} ` +
      `(in a new comment: an edited comment never approves).`,
    `**To deny**, comment with exactly one of: ${request.denyWords.map((w) => `\`${w}\``).join(', ')}.`,
    '',
    `Only the approvers above count; any deny from one of them denies.${self} Other comments are ` +
      `conversation. The issue is closed with the outcome when the gate ends.`,
  ].join('\n');
}

export type Outcome =
  | { status: 'approved'; approvals: Vote[] }
  | { status: 'denied'; denial: Vote }
  | { status: 'timed-out'; approvals: Vote[]; minimumApprovals: number; timeoutMs: number }
  | { status: 'cancelled'; reason: string }
  | { status: 'failed'; message: string };

const who = (votes: Vote[]): string => votes.map((v) => `@${v.login}`).join(', ');

export function outcomeComment(outcome: Outcome, run: RunInfo): string {
  const link = `[the run](${runUrl(run)})`;
  switch (outcome.status) {
    case 'approved':
      return `✅ **Approved** by ${who(outcome.approvals)}. ${link} continues with the deployment.`;
    case 'denied':
      return `❌ **Denied** by @${outcome.denial.login} ([comment](${outcome.denial.url})). ${link} stops here.`;
    case 'timed-out':
      return (
        `⌛ **Timed out** after ${formatDuration(outcome.timeoutMs)} with ${outcome.approvals.length} of ` +
        `${outcome.minimumApprovals} approval(s). ${link} stops here; re-run it to ask again.`
      );
    case 'cancelled':
      return `🛑 **Cancelled**: ${outcome.reason}. Nothing was deployed by ${link}; votes here no longer count.`;
    case 'failed':
      return `⚠️ **The gate failed** (this is not a denial): ${outcome.message}. ${link} stops here.`;
  }
}
