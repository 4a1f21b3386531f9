// The step: reads and validates every input, builds the clients, runs, then publishes the report.
import { actionLog, actionMain, publishReport } from '@shipline/toolkit';
import { readOptions } from './inputs.js';
import { report } from './report.js';
import { run } from './run.js';

export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readOptions();
    const result = await run(options, { signal, log: actionLog });
    await publishReport(report(result));
  });
}
