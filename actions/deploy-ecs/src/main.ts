import * as core from '@actions/core';
import { createEcsClient, deploy, requireAwsRegion } from '@shipline/ecs';
import { actionLog, actionMain, appendSummary } from '@shipline/toolkit';
import { readDeployOptions } from './inputs.js';
import { deployOutputs, deploySummary, failureMessage } from './report.js';

/** Reads and validates every input, deploys, then publishes outputs, the summary and the verdict. */
export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readDeployOptions();
    requireAwsRegion();
    const result = await deploy(options, { ecs: createEcsClient(), log: actionLog, signal });
    for (const [name, value] of Object.entries(deployOutputs(result))) core.setOutput(name, value);
    await appendSummary(...deploySummary(result));
    if (result.succeeded) {
      core.info(
        `${result.rolloutState}: ${result.services.map((s) => s.service).join(', ')} in ${result.durationSeconds}s`,
      );
      return;
    }
    for (const s of result.services.filter((x) => x.stoppedTasks.length > 0)) {
      core.error(s.stoppedTasks.join('\n'), { title: `${s.service}: why tasks stopped` });
    }
    core.setFailed(failureMessage(result));
  });
}
