import {
  abortReason,
  excerpt,
  formatDuration,
  httpAnswerError,
  HttpCallError,
  postJson,
  retry,
  systemClock,
  type Clock,
  type HttpAnswer,
} from '@shipline/toolkit';
import type { PagerDutyEvent } from './event.js';

/** PagerDuty answers in well under a second; an attempt gets 3–10 s of what is left of the budget. */
const MIN_ATTEMPT_MS = 3_000;
const MAX_ATTEMPT_MS = 10_000;

export type Outcome =
  | { status: 'success'; dedupKey: string; attempts: number; elapsedMs: number }
  | { status: 'invalid' | 'failed'; attempts: number; elapsedMs: number; reason: string; fields: string[] };

export interface RunContext {
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
export async function run(event: PagerDutyEvent, context: RunContext): Promise<Outcome> {
  const clock = context.clock ?? systemClock;
  const started = clock.now();
  const deadline = started + context.retryBudgetMs;
  const url = new URL(event.path, context.eventsUrl);
  let attempts = 0;
  const elapsed = (): number => clock.now() - started;
  try {
    const answer = await retry(
      async () => {
        attempts++;
        const timeoutMs = Math.max(MIN_ATTEMPT_MS, Math.min(MAX_ATTEMPT_MS, deadline - clock.now()));
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
        attempts: Number.MAX_SAFE_INTEGER,
        baseDelayMs: 500,
        maxDelayMs: 8_000,
        deadline,
        signal: context.signal,
        clock,
        retryable: (error) => error instanceof HttpCallError && error.retryable,
        retryAfterMs: (error) => (error instanceof HttpCallError ? error.retryAfterMs : undefined),
        onRetry: ({ attempt, delayMs, error }) => {
          const why =
            (error as HttpCallError).retryAfterMs !== undefined ? 'as Retry-After asks' : 'backing off';
          context.progress(
            `Attempt ${attempt}: ${(error as Error).message}; waiting ${formatDuration(delayMs)} ${why}, ` +
              `${formatDuration(Math.max(0, deadline - clock.now()))} of the retry budget left`,
          );
        },
      },
    );
    if (answer.status !== 202) return refused(answer, attempts, elapsed());
    const dedupKey = readAnswer(answer.text).dedup_key;
    return {
      status: 'success',
      dedupKey: typeof dedupKey === 'string' ? dedupKey : '',
      attempts,
      elapsedMs: elapsed(),
    };
  } catch (error) {
    if (context.signal.aborted) throw abortReason(context.signal);
    if (!(error instanceof HttpCallError)) throw error;
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
    const reason = error.retryable
      ? `the retry budget of ${formatDuration(context.retryBudgetMs)} ran out after ${tries}; last: ${error.message}`
      : `${error.message} (${tries}, not retried)`;
    return { status: 'failed', attempts, elapsedMs: elapsed(), reason, fields: [] };
  }
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
