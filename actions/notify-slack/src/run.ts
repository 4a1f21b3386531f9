// The behaviour: build the message, fit it to Slack's limits and deliver it within the retry budget.
import type { ActionLog, Clock } from '@shipline/toolkit';
import { deliver, type Delivery } from './delivery.js';
import type { NotifyOptions } from './inputs.js';
import { fitToLimits } from './limits.js';
import { buildMessage } from './message.js';
import { placeholderValues, type RunFacts } from './placeholders.js';
import type { sendOnce } from './transport.js';

export interface RunDeps {
  signal: AbortSignal;
  log: ActionLog;
  /** The workflow run the message is about (GITHUB_* variables). */
  facts: RunFacts;
  /** When the step started, epoch ms: the duration placeholder counts up to it. */
  now: number;
  clock?: Clock;
  send?: typeof sendOnce;
}

export interface SlackRun {
  delivery: Delivery;
  /** What was cut to fit Slack's limits. */
  notes: string[];
}

export async function run(options: NotifyOptions, deps: RunDeps): Promise<SlackRun> {
  const { log, facts } = deps;
  const values = placeholderValues(facts, {
    environment: options.environment,
    version: options.version,
    status: options.status,
    durationMs: options.startedAt === undefined ? undefined : deps.now - options.startedAt,
  });
  const { message, notes } = await log.group('Build the message', async () => {
    const fitted = fitToLimits(buildMessage(options, values, facts));
    for (const note of fitted.notes)
      log.warning(`Slack limits: ${note}`, { title: 'notify-slack truncated the message' });
    const text = typeof fitted.message.text === 'string' ? fitted.message.text : '';
    const preview = (text.split('\n')[0] ?? '').slice(0, 120);
    log.info(
      `${options.status} message "${preview}" (${JSON.stringify(fitted.message).length} bytes of JSON)`,
    );
    log.debug?.(JSON.stringify(fitted.message, null, 2));
    return fitted;
  });
  const target = options.target;
  const where =
    target.kind === 'webhook'
      ? 'the incoming webhook'
      : target.updateTs
        ? `chat.update ${target.updateTs}`
        : 'chat.postMessage';
  const delivery = await log.group(`Send to Slack (${where})`, () =>
    deliver(target, message, {
      retryBudgetMs: options.retryBudgetMs,
      signal: deps.signal,
      progress: (line) => log.info(line),
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.send ? { send: deps.send } : {}),
    }),
  );
  return { delivery, notes };
}
