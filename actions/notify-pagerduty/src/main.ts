// The step: reads and validates every input, sends the event, then publishes the report.
import { actionLog, actionMain, publishReport } from '@shipline/toolkit';
import { readPagerDutyOptions } from './inputs.js';
import { pagerDutyReport } from './report.js';
import { run } from './run.js';

export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readPagerDutyOptions();
    const result = await run(options, { signal, log: actionLog });
    await publishReport(pagerDutyReport(options, result));
  });
}
