// The step: reads and validates every input, builds the ECS client, deploys, then publishes the report.
import { createEcsClient, requireAwsRegion } from '@shipline/ecs';
import { actionLog, actionMain, publishReport } from '@shipline/toolkit';
import { readDeployOptions } from './inputs.js';
import { deployReport } from './report.js';
import { run } from './run.js';

export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readDeployOptions();
    requireAwsRegion();
    const ecs = createEcsClient();
    // Ends any request still open (one not tied to a deadline signal) so the step can exit now.
    const result = await run(options, { ecs, log: actionLog, signal }).finally(() => ecs.destroy());
    await publishReport(deployReport(result));
  });
}
