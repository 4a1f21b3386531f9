// The step: reads every input, detects the builder and checks what depends on it, runs, publishes.
// No docker or network call comes before the inputs are read and checked.
import os from 'node:os';
import { ECRClient } from '@aws-sdk/client-ecr';
import { detectBuilder, ecrApi, gitContextFromEnv, spawnExec } from '@shipline/docker';
import { actionLog, actionMain, publishReport } from '@shipline/toolkit';
import { checkBuilderSupport } from './builder-check.js';
import { actionsCacheStore } from './cache-store.js';
import { readActionInputs } from './inputs.js';
import { recordLogin } from './login-state.js';
import { buildReport } from './report.js';
import { run } from './run.js';

export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const git = gitContextFromEnv();
    const inputs = readActionInputs(git);
    const builder = await detectBuilder(spawnExec, signal);
    checkBuilderSupport(inputs, builder);
    const ecr =
      inputs.registryType === 'ecr' && inputs.push
        ? ecrApi(new ECRClient({ region: inputs.region, maxAttempts: inputs.retries + 1 }))
        : undefined;
    const options = { ...inputs, git, tempDir: process.env.RUNNER_TEMP || os.tmpdir() };
    const result = await run(options, {
      exec: spawnExec,
      builder,
      ...(ecr ? { ecr } : {}),
      cacheStore: actionsCacheStore,
      log: actionLog,
      recordLogin,
      signal,
    });
    await publishReport(buildReport(options, result));
  });
}
