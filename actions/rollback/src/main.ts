// The step: reads and validates every input, builds the ECS client, rolls back, publishes the report.
import { createEcsClient, requireAwsRegion } from '@shipline/ecs';
import { actionLog, actionMain, publishReport } from '@shipline/toolkit';
import { readRollbackOptions } from './inputs.js';
import { rollbackReport } from './report.js';
import { run } from './run.js';

export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readRollbackOptions();
    requireAwsRegion();
    const result = await run(options, { ecs: createEcsClient(), log: actionLog, signal });
    await publishReport(rollbackReport(result));
  });
}
