// Hostile-input suite (issue #15) for run-task, bundled dist against the emulator: a task's log
// lines carrying command injections, control/bidi characters and the step's AWS credentials (a job
// that dumps its environment) reach the step log, the error and the summary, and inject no workflow
// command and show no secret. (A workflow secret the step never sees is the runner's to mask.)
// FC_RUNS (cases per property) and FC_SEED override the run.
import { afterAll, beforeAll, describe } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { runAction } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { expectHostileSafe } from '../../../test/support/hostile-checks.js';
import { AWS_SECRET_KEY, AWS_SESSION_TOKEN } from '../../../test/support/hostile-ecs.js';
import {
  anyHostileText,
  hostileText,
  reportCases,
  runParameters,
} from '../../../test/support/hostile-text.js';
import { actionDir, registerJob, setUpCluster } from './support.js';

const { fixed, random } = runParameters(6);
const cases: Record<string, number> = {};
/** The step's AWS credentials, which the action resolves and masks; the task echoes them. */
const SECRETS = [AWS_SECRET_KEY, AWS_SESSION_TOKEN];

let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator();
  ecs = ecsClient(emulator);
  await setUpCluster(ecs);
});
afterAll(async () => {
  await emulator.close();
  reportCases('run-task', cases);
});

let jobs = 0;
async function runWithLogLines(lines: string[], exitCode: number) {
  const tag = `hostile-${++jobs}`;
  emulator.setScenarios([{ image: `*:${tag}`, runFor: 10, exitCode, logLines: lines }]);
  const arn = await registerJob(ecs, tag, `shop/app:${tag}`);
  return runAction({
    actionDir,
    inputs: { cluster: 'apps', service: 'web', 'task-definition-arn': arn },
    env: { ...emulator.env, AWS_SECRET_ACCESS_KEY: AWS_SECRET_KEY, AWS_SESSION_TOKEN },
    secrets: SECRETS,
    timeoutMs: 60_000,
  });
}

const logLines = fc
  .tuple(fc.array(anyHostileText(), { minLength: 1, maxLength: 6 }), hostileText(), fc.boolean())
  .map(([lines, echo, multi]) => [
    ...lines,
    `AWS_SECRET_ACCESS_KEY=${AWS_SECRET_KEY} ${echo}`,
    ...(multi ? [`${echo}\nAWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}`] : []),
  ]);

describe('run-task with hostile log lines (bundled dist against the emulator)', () => {
  for (const [name, params] of [
    ['fixed seed', fixed],
    ['random seed', random],
  ] as const) {
    test.prop([logLines, fc.constantFrom(0, 3)], params)(
      `${name}: no injected command, no secret, in the log, the error or the summary`,
      async (lines, exitCode) => {
        const run = await runWithLogLines(lines, exitCode);
        cases[exitCode === 0 ? 'passing task' : 'failing task'] =
          (cases[exitCode === 0 ? 'passing task' : 'failing task'] ?? 0) + 1;
        if (run.exitCode !== (exitCode === 0 ? 0 : 1))
          throw new Error(`exit ${run.exitCode} for a task exiting ${exitCode}: ${run.errors.join('\n')}`);
        expectHostileSafe(run, { secrets: SECRETS }, `log lines ${JSON.stringify(lines).slice(0, 200)}`);
      },
      120_000,
    );
  }
});
