// Sends one PagerDuty event within the retry budget and reads PagerDuty's answer into an Outcome.
import {
  excerpt,
  formatDuration,
  httpAnswerError,
  HttpCallError,
  postJson,
  retryWithinBudget,
  type Clock,
  type HttpAnswer,
} from '@shipline/toolkit';
import type { PagerDutyEvent } from './event.js';

export type Outcome =
  | { status: 'success'; dedupKey: string; attempts: number; elapsedMs: number }
  | { status: 'invalid' | 'failed'; attempts: number; elapsedMs: number; reason: string; fields: string[] };

export interface SendContext {
  eventsUrl: URL;
  retryBudgetMs: number;
  signal: AbortSignal;
  progress: (line: string) => void;
  clock?: Clock;
}

/**
 * Sends the event within the retry budget: 429 waits what Retry-After says (or backs off), 5xx,
 * resets and timeouts back off with jitter, 400 ends it at once. Never throws for PagerDuty's
 * answers; cancellation still throws.
 */
export async function sendEvent(event: PagerDutyEvent, context: SendContext): Promise<Outcome> {
  const url = new URL(event.path, context.eventsUrl);
  const sent = await retryWithinBudget(
    async ({ timeoutMs }) => {
      const reply = await postJson(url, event.body, {
        service: 'PagerDuty',
        signal: context.signal,
        timeoutMs,
      });
      const error = httpAnswerError('PagerDuty', reply);
      // 202 and PagerDuty's refusals come back to be read; 429, 5xx are tried again.
      if (reply.status !== 202 && error.retryable) throw error;
      return reply;
    },
    {
      budgetMs: context.retryBudgetMs,
      signal: context.signal,
      ...(context.clock ? { clock: context.clock } : {}),
      callError: HttpCallError,
      describe: (error) => error.message,
      progress: context.progress,
    },
  );
  const { attempts, elapsedMs } = sent;
  if (!sent.ok) {
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
    const reason = sent.error.retryable
      ? `the retry budget of ${formatDuration(context.retryBudgetMs)} ran out after ${tries}; last: ${sent.error.message}`
      : `${sent.error.message} (${tries}, not retried)`;
    return { status: 'failed', attempts, elapsedMs, reason, fields: [] };
  }
  if (sent.value.status !== 202) return refused(sent.value, attempts, elapsedMs);
  const dedupKey = readAnswer(sent.value.text).dedup_key;
  return { status: 'success', dedupKey: typeof dedupKey === 'string' ? dedupKey : '', attempts, elapsedMs };
}

/** The fields PagerDuty's 400 names (`errors`), and the inputs they come from. */
const INPUT_OF_FIELD: [RegExp, string][] = [
  [/routing_key/, 'routing-key'],
  [/event_action/, 'event-action'],
  [/dedup_key/, 'dedup-key'],
  [/summary/, 'summary'],
  [/severity/, 'severity'],
  [/source/, 'source'],
  [/component/, 'component'],
  [/group/, 'group'],
  [/class/, 'class'],
  [/custom_details/, 'failure-reason / stopped-tasks'],
];

/** PagerDuty's refusal: 400 names the fields in `errors`; any other status is quoted as it came. */
function refused(reply: HttpAnswer, attempts: number, elapsedMs: number): Outcome {
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}, not retried`;
  if (reply.status !== 400) {
    const reason = `${httpAnswerError('PagerDuty', reply).message} (${tries})`;
    return { status: 'failed', attempts, elapsedMs, reason, fields: [] };
  }
  const answer = readAnswer(reply.text);
  const errors = Array.isArray(answer.errors) ? answer.errors.map((e) => excerpt(String(e), 160)) : [];
  const fields = [
    ...new Set(errors.flatMap((e) => INPUT_OF_FIELD.filter(([f]) => f.test(e)).map(([, input]) => input))),
  ];
  const named = fields.length > 0 ? `; check input ${fields.join(', ')}` : '';
  const why = errors.length > 0 ? errors.join('; ') : excerpt(reply.text) || '(empty body)';
  const reason = `PagerDuty refused the event (HTTP 400 invalid event): ${why} (${tries}${named})`;
  return { status: 'invalid', attempts, elapsedMs, reason, fields };
}

function readAnswer(text: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
