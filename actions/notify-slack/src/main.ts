import { actionMain, appendSummary, publishOutputs, runnerLog } from '@shipline/toolkit';
import { deliver } from './delivery.js';
import { readNotifyOptions } from './inputs.js';
import { fitToLimits } from './limits.js';
import { buildMessage } from './message.js';
import { placeholderValues, runFacts } from './placeholders.js';
import { summary } from './report.js';

/** Reads and validates every input, builds the message, sends it, publishes outputs and summary. */
export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const now = Date.now();
    const options = readNotifyOptions(now);
    const facts = runFacts();
    const values = placeholderValues(facts, {
      environment: options.environment,
      version: options.version,
      status: options.status,
      durationMs: options.startedAt === undefined ? undefined : now - options.startedAt,
    });
    const { message, notes } = await runnerLog.group('Build the message', async () => {
      const fitted = fitToLimits(buildMessage(options, values, facts));
      for (const note of fitted.notes)
        runnerLog.warning(`Slack limits: ${note}`, { title: 'notify-slack truncated the message' });
      const text = typeof fitted.message.text === 'string' ? fitted.message.text : '';
      const preview = (text.split('\n')[0] ?? '').slice(0, 120);
      runnerLog.info(
        `${options.status} message "${preview}" (${JSON.stringify(fitted.message).length} bytes of JSON)`,
      );
      runnerLog.debug(JSON.stringify(fitted.message, null, 2));
      return fitted;
    });
    const target = options.target;
    const where =
      target.kind === 'webhook'
        ? 'the incoming webhook'
        : target.updateTs
          ? `chat.update ${target.updateTs}`
          : 'chat.postMessage';
    const result = await runnerLog.group(`Send to Slack (${where})`, () =>
      deliver(target, message, {
        retryBudgetMs: options.retryBudgetMs,
        signal,
        progress: (line) => runnerLog.info(line),
      }),
    );
    publishOutputs({
      ok: String(result.ok),
      ts: result.ok ? (result.ts ?? '') : '',
      channel: result.ok ? (result.channel ?? '') : '',
      error: result.ok ? '' : result.error,
    });
    await appendSummary(summary(options, result, notes));
    if (result.ok) {
      runnerLog.info(
        `Slack accepted the message${result.ts ? ` (ts ${result.ts} in ${result.channel})` : ''} after ${result.attempts} attempt(s).`,
      );
    } else if (options.failOnError) {
      runnerLog.fail(`Slack notification failed: ${result.reason}`);
    } else {
      runnerLog.warning(
        `Slack notification failed: ${result.reason}. The step succeeds because fail-on-error is false.`,
        {
          title: 'notify-slack: message not delivered',
        },
      );
    }
  });
}
