// What the on-call's PagerDuty service got, in words: one line per event for the timeline (never the
// routing key), and a release's PagerDuty ending for the story's verdict and the final table.
import type { PagerDutyRequest } from '@shipline/local-services/pagerduty';
import type { OnCallRecord } from '../stories/index.js';

interface EventBody {
  event_action?: string;
  dedup_key?: string;
  payload?: { summary?: string; severity?: string; custom_details?: { failure_reason?: string } };
}

/** `trigger critical acme/shop/production: production is down …`, `change: Deploy … succeeded`. */
export function pagerDutyLines(request: PagerDutyRequest): string[] {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as EventBody;
  const { payload } = body;
  const action = request.endpoint === 'change' ? 'change' : (body.event_action ?? '?');
  const what = [action, payload?.severity, body.dedup_key].filter(Boolean).join(' ');
  const answer = request.answer === '202' ? '' : ` (answered ${request.answer})`;
  const lines = [`${what}${payload?.summary ? `: ${payload.summary.trim()}` : ''}${answer}`];
  const reason = payload?.custom_details?.failure_reason?.trim();
  if (reason) lines.push(`failure reason: ${reason.split('\n')[0]}`);
  return lines;
}

/** `alert acme/shop/production triggered, 1 change event`; empty when PagerDuty heard nothing. */
export function onCallEnding(onCall: OnCallRecord): string {
  if (onCall.events.length === 0) return '';
  const changes = onCall.events.filter((e) => e.endpoint === 'change').length;
  const alert = onCall.alert ? `alert ${onCall.alert.dedupKey} ${onCall.alert.status}` : 'no alert';
  return `${alert}, ${changes} change event${changes === 1 ? '' : 's'}`;
}
