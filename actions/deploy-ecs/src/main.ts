import { createEcsClient, deploy, requireAwsRegion } from '@shipline/ecs';
import { actionLog, actionMain, appendSummary, publishOutputs, runnerLog } from '@shipline/toolkit';
import { readDeployOptions } from './inputs.js';
import { deployOutputs, deploySummary, failureMessage } from './report.js';

/** Reads and validates every input, deploys, then publishes outputs, the summary and the verdict. */
export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readDeployOptions();
    requireAwsRegion();
    const ecs = createEcsClient();
    // Ends any request still open (one not tied to a deadline signal) so the step can exit now.
    const result = await deploy(options, { ecs, log: actionLog, signal }).finally(() => ecs.destroy());
    publishOutputs(deployOutputs(result));
    await appendSummary(...deploySummary(result));
    if (result.succeeded) {
      runnerLog.info(
        `${result.rolloutState}: ${result.services.map((s) => s.service).join(', ')} in ${result.durationSeconds}s`,
      );
      return;
    }
    for (const s of result.services.filter((x) => x.stoppedTasks.length > 0)) {
      runnerLog.error(s.stoppedTasks.join('\n'), { title: `${s.service}: why tasks stopped` });
    }
    runnerLog.fail(failureMessage(result));
  });
}
