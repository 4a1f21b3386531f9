// run-task (bundled dist) under the generated run-task role policy, held to it by the emulator's IAM
// check: a migration passes with exactly the list's permissions; without ecs:RunTask it fails naming it.
import type { ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { AWS_CALLS } from '../../../scripts/iam-policy/aws-calls.js';
import { identityPolicy } from '../../../scripts/iam-policy/policy.js';
import type { PolicyScope } from '../../../scripts/iam-policy/policy-types.js';
import { registerJob, runTaskStep, setUpCluster } from './support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
const KEY = 'AKIARUNTASKROLE01';
const SCOPE: PolicyScope = {
  partition: 'aws',
  account: '123456789012',
  region: 'us-east-1',
  cluster: 'apps',
  services: ['web'],
  families: ['migrate'],
  ecrRepositories: [],
  passRoles: ['migrate-task', 'migrate-execution'],
  logGroups: ['/ecs/jobs'],
  secrets: [],
  ssmParameters: [],
};

beforeAll(async () => {
  emulator = await startTestEmulator({ scenarios: [{ image: '*:migrate', runFor: 5, logLines: ['ok'] }] });
  ecs = ecsClient(emulator);
  await setUpCluster(ecs);
});
afterAll(() => emulator.close());

function holdTo(calls: typeof AWS_CALLS) {
  emulator.setIamCheck({ roles: { [KEY]: { policy: identityPolicy('run-task', SCOPE, calls) } } });
}

describe('run-task under the generated run-task policy (emulator IAM check)', () => {
  it('passes with exactly the listed permissions', async () => {
    const arn = await registerJob(ecs, 'migrate', 'shop/app:migrate');
    holdTo(AWS_CALLS);
    const run = await runTaskStep(
      emulator,
      { 'task-definition-arn': arn },
      { env: { AWS_ACCESS_KEY_ID: KEY } },
    );
    emulator.setIamCheck(undefined);
    expect(run.errors).toEqual([]);
    expect(run.outputs['exit-code']).toBe('0');
  }, 30_000);

  it('fails naming ecs:RunTask when it is taken out of the list, with nothing started', async () => {
    const arn = await registerJob(ecs, 'migrate', 'shop/app:migrate');
    holdTo(AWS_CALLS.filter((c) => !(c.role === 'run-task' && c.action === 'ecs:RunTask')));
    const run = await runTaskStep(
      emulator,
      { 'task-definition-arn': arn },
      { env: { AWS_ACCESS_KEY_ID: KEY } },
    );
    emulator.setIamCheck(undefined);
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(
      /not authorized to perform: ecs:RunTask on resource: arn:aws:ecs:us-east-1:123456789012:task-definition\/migrate:\d+/,
    );
    expect(run.outputs['task-arn'] ?? '').toBe('');
  }, 30_000);
});
