// The step: reads and validates every input, builds the ECS client, deploys (or resumes deployments
// waiting at their test hook), then publishes the report.
import { continueDeployments, createEcsClient, requireAwsRegion } from '@shipline/ecs';
import { actionLog, actionMain, publishReport } from '@shipline/toolkit';
import { readStepOptions } from './step-options.js';
import { deployReport } from './report.js';
import { run } from './run.js';

export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const step = readStepOptions();
    requireAwsRegion();
    const ecs = createEcsClient();
    const deps = { ecs, log: actionLog, signal };
    // Ends any request still open (one not tied to a deadline signal) so the step can exit now.
    const result = await (
      step.kind === 'deploy' ? run(step.options, deps) : continueDeployments(step.options, deps)
    ).finally(() => ecs.destroy());
    await publishReport(deployReport(result, step.kind === 'deploy' ? step.options : undefined));
  });
}
