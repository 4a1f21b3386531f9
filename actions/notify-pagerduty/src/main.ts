import { actionMain, appendSummary, publishOutputs, runnerLog } from '@shipline/toolkit';
import { buildEvent } from './event.js';
import { readPagerDutyOptions } from './inputs.js';
import { summary } from './report.js';
import { run } from './run.js';

/** Reads and validates every input, builds the event, sends it, publishes outputs and summary. */
export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readPagerDutyOptions();
    const event = buildEvent(options, new Date());
    if (event.summaryCutFrom !== undefined) {
      runnerLog.warning(`summary is ${event.summaryCutFrom} characters; PagerDuty takes 1024: it was cut`, {
        title: 'notify-pagerduty truncated the summary',
      });
    }
    const key = options.dedupKey ? ` dedup_key ${options.dedupKey}` : '';
    const outcome = await runnerLog.group(`Send ${options.eventAction}${key} to ${event.path}`, () =>
      run(event, {
        eventsUrl: options.eventsUrl,
        retryBudgetMs: options.retryBudgetMs,
        signal,
        progress: (line) => runnerLog.info(line),
      }),
    );
    publishOutputs({
      'dedup-key': outcome.status === 'success' ? outcome.dedupKey : (options.dedupKey ?? ''),
      status: outcome.status,
    });
    await appendSummary(summary(options, event, outcome));
    if (outcome.status === 'success') {
      const keyNote = outcome.dedupKey ? ` (dedup_key ${outcome.dedupKey})` : '';
      runnerLog.info(
        `PagerDuty accepted the ${options.eventAction} event${keyNote} after ${outcome.attempts} attempt(s).`,
      );
    } else if (options.failOnError) {
      runnerLog.fail(`PagerDuty ${options.eventAction} failed: ${outcome.reason}`);
    } else {
      runnerLog.warning(
        `PagerDuty ${options.eventAction} failed: ${outcome.reason}. The step succeeds because fail-on-error is false.`,
        { title: 'notify-pagerduty: event not delivered' },
      );
    }
  });
}
