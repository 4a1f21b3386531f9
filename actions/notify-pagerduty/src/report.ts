// What notify-pagerduty leaves, as data: outputs, the job summary, the closing line and the verdict.
import { escapeHtml, formatDuration, markdownTable, type ActionReport } from '@shipline/toolkit';
import type { PagerDutyEvent } from './event.js';
import type { PagerDutyOptions } from './inputs.js';
import type { PagerDutyRun } from './run.js';
import type { Outcome } from './send-event.js';

/** Everything the step publishes; a failed event fails the step only with fail-on-error. */
export function pagerDutyReport(options: PagerDutyOptions, { event, outcome }: PagerDutyRun): ActionReport {
  const report: ActionReport = {
    outputs: {
      'dedup-key': outcome.status === 'success' ? outcome.dedupKey : (options.dedupKey ?? ''),
      status: outcome.status,
    },
    summary: [summary(options, event, outcome)],
  };
  if (outcome.status === 'success') {
    const keyNote = outcome.dedupKey ? ` (dedup_key ${outcome.dedupKey})` : '';
    const message = `PagerDuty accepted the ${options.eventAction} event${keyNote} after ${outcome.attempts} attempt(s).`;
    return { ...report, lines: [{ level: 'info', message }] };
  }
  const failed = `PagerDuty ${options.eventAction} failed: ${outcome.reason}`;
  if (options.failOnError) return { ...report, failure: failed };
  const message = `${failed}. The step succeeds because fail-on-error is false.`;
  return {
    ...report,
    lines: [{ level: 'warning', message, title: 'notify-pagerduty: event not delivered' }],
  };
}

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
