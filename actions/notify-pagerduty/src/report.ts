import { escapeHtml, formatDuration, markdownTable } from '@shipline/toolkit';
import type { PagerDutyEvent } from './event.js';
import type { PagerDutyOptions } from './inputs.js';
import type { Outcome } from './run.js';

/** The job summary: what was sent and how PagerDuty answered; never the routing key. */
export function summary(options: PagerDutyOptions, event: PagerDutyEvent, outcome: Outcome): string {
  const what =
    options.eventAction === 'change' ? 'change event' : `${options.eventAction} (${options.severity})`;
  const headline =
    outcome.status === 'success'
      ? `### :pager: PagerDuty accepted the ${what}`
      : `### :warning: PagerDuty ${options.eventAction} not delivered (${outcome.status})`;
  const rows: (string | number)[][] = [
    ['event-action', options.eventAction],
    ['status', outcome.status],
    ['dedup-key', outcome.status === 'success' ? outcome.dedupKey : (options.dedupKey ?? '')],
    ['attempts', outcome.attempts],
    ['time', formatDuration(outcome.elapsedMs)],
  ];
  if (options.eventAction === 'trigger' || options.eventAction === 'change') {
    rows.push(['summary', escapeHtml(String((event.body.payload as { summary?: string }).summary ?? ''))]);
  }
  if (event.summaryCutFrom !== undefined) {
    rows.push(['truncated', `summary cut from ${event.summaryCutFrom} to PagerDuty's 1024 characters`]);
  }
  if (outcome.status !== 'success') rows.push(['why', escapeHtml(outcome.reason)]);
  return [headline, markdownTable(['PagerDuty', ''], rows)].join('\n\n');
}
