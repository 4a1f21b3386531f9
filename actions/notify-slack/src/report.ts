import { formatDuration, markdownTable } from '@shipline/toolkit';
import type { Delivery } from './delivery.js';
import type { NotifyOptions } from './inputs.js';

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
