// The step: reads and validates every input, builds the ECS and CloudWatch Logs clients, runs the
// task, then publishes the report.
import { createEcsClient, createLogsClients, requireAwsRegion } from '@shipline/ecs';
import { actionLog, actionMain, publishReport } from '@shipline/toolkit';
import { readRunTaskOptions } from './inputs.js';
import { runTaskReport } from './report.js';
import { run } from './run.js';

export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readRunTaskOptions();
    requireAwsRegion();
    const ecs = createEcsClient();
    const logs = createLogsClients();
    // Ends any request still open (one not tied to a deadline signal) so the step can exit now.
    const result = await run(options, { ecs, logs: logs.forRegion, log: actionLog, signal }).finally(() => {
      ecs.destroy();
      logs.destroy();
    });
    await publishReport(runTaskReport(result));
  });
}
