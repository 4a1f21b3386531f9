// What notify-slack leaves, as data: outputs, the job summary, the closing line and the verdict.
import { formatDuration, markdownTable, type ActionReport } from '@shipline/toolkit';
import type { Delivery } from './delivery.js';
import type { NotifyOptions } from './inputs.js';
import type { SlackRun } from './run.js';

/** Everything the step publishes; an undelivered message fails the step only with fail-on-error. */
export function slackReport(options: NotifyOptions, { delivery: result, notes }: SlackRun): ActionReport {
  const report: ActionReport = {
    outputs: {
      ok: String(result.ok),
      ts: result.ok ? (result.ts ?? '') : '',
      channel: result.ok ? (result.channel ?? '') : '',
      error: result.ok ? '' : result.error,
    },
    summary: [summary(options, result, notes)],
  };
  if (result.ok) {
    const where = result.ts ? ` (ts ${result.ts} in ${result.channel})` : '';
    const message = `Slack accepted the message${where} after ${result.attempts} attempt(s).`;
    return { ...report, lines: [{ level: 'info', message }] };
  }
  if (options.failOnError) return { ...report, failure: `Slack notification failed: ${result.reason}` };
  const message = `Slack notification failed: ${result.reason}. The step succeeds because fail-on-error is false.`;
  return { ...report, lines: [{ level: 'warning', message, title: 'notify-slack: message not delivered' }] };
}

/** The job summary: one headline and a table; never the webhook URL or the token. */
export function summary(options: NotifyOptions, result: Delivery, notes: string[]): string {
  const target = options.target;
  const via =
    target.kind === 'webhook'
      ? 'incoming webhook'
      : target.updateTs
        ? 'chat.update'
        : target.threadTs
          ? 'chat.postMessage (thread reply)'
          : 'chat.postMessage';
  const headline = result.ok
    ? `### :bell: Slack notified (${options.status})`
    : `### :warning: Slack notification failed (${options.status}): ${result.error}`;
  const rows: (string | number)[][] = [
    ['via', via],
    ['status', options.status],
    ['ok', String(result.ok)],
    ['attempts', result.attempts],
    ['time', formatDuration(result.elapsedMs)],
  ];
  if (result.ok && result.ts) rows.push(['ts', result.ts], ['channel', result.channel ?? '']);
  if (!result.ok) rows.push(['error', result.error], ['why', result.reason]);
  if (notes.length > 0) rows.push(['truncated', notes.join('; ')]);
  return [headline, markdownTable(['notification', ''], rows)].join('\n\n');
}
