// After a release: what the PagerDuty stand-in holds against what the story expects (the
// environment's alert opened or resolved, the change events sent), as readable problems.
import type { Alert, PagerDutyRequest } from '@shipline/local-services/pagerduty';
import type { Expectation } from './story-types.js';

/** What PagerDuty held after a release: the events it received then and the environment's alert. */
export interface OnCallRecord {
  /** notify-pagerduty's default dedup key: `<owner>/<repo>/<environment>`. */
  dedupKey: string;
  events: PagerDutyRequest[];
  /** A copy of the alert as it stood at the end of the release, if any was ever opened. */
  alert?: Alert;
}

const detail = (body: unknown, key: string): unknown =>
  ((body as { payload?: { custom_details?: Record<string, unknown> } } | undefined)?.payload
    ?.custom_details ?? {})[key];

export function checkOnCall(expected: Expectation['onCall'], record: OnCallRecord, sha: string): string[] {
  const { events, alert } = record;
  if (!expected) {
    return events.length === 0 ? [] : [`PagerDuty received ${events.length} event(s), expected none`];
  }
  const problems = events
    .filter((e) => e.answer !== '202')
    .map((e) => `PagerDuty answered ${e.answer} to a ${e.endpoint} event`);
  const changes = events.filter((e) => e.endpoint === 'change' && e.answer === '202');
  if (changes.length !== expected.changes) {
    problems.push(`PagerDuty recorded ${changes.length} change event(s), expected ${expected.changes}`);
  }
  for (const change of changes.filter((c) => detail(c.body, 'version') !== sha)) {
    problems.push(`a change event names version ${String(detail(change.body, 'version'))}, not ${sha}`);
  }
  const sent = (action: string) =>
    events.some(
      (e) => e.endpoint === 'enqueue' && (e.body as { event_action?: string }).event_action === action,
    );
  const status = alert?.status ?? 'none';
  if (expected.alert === 'none') {
    if (sent('trigger') || status === 'triggered' || status === 'acknowledged') {
      problems.push(`the on-call was paged (alert ${record.dedupKey} ${status}), expected no page`);
    }
    return problems;
  }
  if (status !== expected.alert) {
    problems.push(`alert ${record.dedupKey} is ${status}, expected ${expected.alert}`);
  }
  if (expected.alert === 'triggered') {
    if (!sent('trigger')) problems.push('no trigger event was sent in this release');
    if (alert?.severity !== 'critical') problems.push(`the page is ${alert?.severity}, expected critical`);
    if (expected.summary && !expected.summary.test(alert?.summary ?? '')) {
      problems.push(`the page's summary '${alert?.summary}' does not say ${expected.summary}`);
    }
    if (detail(alert, 'version') !== sha) problems.push(`the page does not name version ${sha}`);
  }
  if (expected.alert === 'resolved' && !sent('resolve')) {
    problems.push('no resolve event was sent in this release');
  }
  return problems;
}
