// The step: reads and validates every input, runs the checks, then publishes the report.
import { actionLog, actionMain, publishReport } from '@shipline/toolkit';
import { readSmokeOptions } from './inputs.js';
import { smokeReport } from './report.js';
import { run } from './run.js';
import { judge } from './verdict.js';

export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readSmokeOptions();
    const result = await run(options, { signal, log: actionLog });
    await publishReport(smokeReport(judge(result, options), options));
  });
}
