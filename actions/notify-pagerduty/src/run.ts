// The behaviour: build the event from the options, say when its summary was cut, and send it.
import { type ActionLog, type Clock } from '@shipline/toolkit';
import { buildEvent, type PagerDutyEvent } from './event.js';
import type { PagerDutyOptions } from './inputs.js';
import { sendEvent, type Outcome } from './send-event.js';

export interface RunDeps {
  signal: AbortSignal;
  log: ActionLog;
  clock?: Clock;
  /** The event's timestamp; now by default. */
  now?: Date;
}

export interface PagerDutyRun {
  event: PagerDutyEvent;
  outcome: Outcome;
}

export async function run(options: PagerDutyOptions, deps: RunDeps): Promise<PagerDutyRun> {
  const event = buildEvent(options, deps.now ?? new Date());
  if (event.summaryCutFrom !== undefined) {
    deps.log.warning(`summary is ${event.summaryCutFrom} characters; PagerDuty takes 1024: it was cut`, {
      title: 'notify-pagerduty truncated the summary',
    });
  }
  const key = options.dedupKey ? ` dedup_key ${options.dedupKey}` : '';
  const outcome = await deps.log.group(`Send ${options.eventAction}${key} to ${event.path}`, () =>
    sendEvent(event, {
      eventsUrl: options.eventsUrl,
      retryBudgetMs: options.retryBudgetMs,
      signal: deps.signal,
      progress: (line) => deps.log.info(line),
      ...(deps.clock ? { clock: deps.clock } : {}),
    }),
  );
  return { event, outcome };
}
