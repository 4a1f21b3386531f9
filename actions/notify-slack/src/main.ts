import * as core from '@actions/core';
import { actionMain, appendSummary } from '@shipline/toolkit';
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
    const { message, notes } = await core.group('Build the message', async () => {
      const fitted = fitToLimits(buildMessage(options, values, facts));
      for (const note of fitted.notes)
        core.warning(`Slack limits: ${note}`, { title: 'notify-slack truncated the message' });
      const text = typeof fitted.message.text === 'string' ? fitted.message.text : '';
      const preview = (text.split('\n')[0] ?? '').slice(0, 120);
      core.info(
        `${options.status} message "${preview}" (${JSON.stringify(fitted.message).length} bytes of JSON)`,
      );
      core.debug(JSON.stringify(fitted.message, null, 2));
      return fitted;
    });
    const target = options.target;
    const where =
      target.kind === 'webhook'
        ? 'the incoming webhook'
        : target.updateTs
          ? `chat.update ${target.updateTs}`
          : 'chat.postMessage';
    const result = await core.group(`Send to Slack (${where})`, () =>
      deliver(target, message, {
        retryBudgetMs: options.retryBudgetMs,
        signal,
        progress: (line) => core.info(line),
      }),
    );
    core.setOutput('ok', String(result.ok));
    core.setOutput('ts', result.ok ? (result.ts ?? '') : '');
    core.setOutput('channel', result.ok ? (result.channel ?? '') : '');
    core.setOutput('error', result.ok ? '' : result.error);
    await appendSummary(summary(options, result, notes));
    if (result.ok) {
      core.info(
        `Slack accepted the message${result.ts ? ` (ts ${result.ts} in ${result.channel})` : ''} after ${result.attempts} attempt(s).`,
      );
    } else if (options.failOnError) {
      core.setFailed(`Slack notification failed: ${result.reason}`);
    } else {
      core.warning(
        `Slack notification failed: ${result.reason}. The step succeeds because fail-on-error is false.`,
        {
          title: 'notify-slack: message not delivered',
        },
      );
    }
  });
}
