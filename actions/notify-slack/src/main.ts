// The step: reads and validates every input, builds and sends the message, then publishes the report.
import { actionLog, actionMain, publishReport } from '@shipline/toolkit';
import { readNotifyOptions } from './inputs.js';
import { runFacts } from './placeholders.js';
import { slackReport } from './report.js';
import { run } from './run.js';

export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const now = Date.now();
    const options = readNotifyOptions(now);
    const result = await run(options, { signal, log: actionLog, facts: runFacts(), now });
    await publishReport(slackReport(options, result));
  });
}
