// The bundled rollback against an ECS endpoint that accepts calls and never answers.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { runAction } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { createAppService, ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';

// The design's bound: a step ends no later than its `timeout` + 10 s, whatever ECS does. These
// runs take that long in real time by nature; they assert the verdict and that bound only.
const BOUND_MS = 10_000 + 10_000;
const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator();
  ecs = ecsClient(emulator);
});
beforeEach(() => emulator.setFaults([]));
afterAll(() => emulator.close());

async function rollbackAgainst(service: string, faults: Parameters<EmulatorHandle['setFaults']>[0]) {
  await createAppService(ecs, { service, image: `shop/${service}:v1` });
  emulator.setFaults(faults);
  const run = await runAction({
    actionDir,
    inputs: { cluster: 'apps', service, timeout: '10s' },
    env: emulator.env,
  });
  return { run, mainMs: run.stages.find((s) => s.stage === 'main')!.durationMs };
}

describe('rollback: ECS slow or silent (timeout 10s)', () => {
  const namesTheCall = () =>
    new RegExp(
      `DescribeServices to 127\\.0\\.0\\.1:${emulator.port} got no answer before the step's deadline`,
    );

  it('an endpoint that accepts and never answers: non-zero within timeout + 10 s, naming call and endpoint', async () => {
    const { run, mainMs } = await rollbackAgainst('hush', [{ operation: '*', type: 'silent' }]);
    expect(run.exitCode).toBe(1);
    expect(mainMs).toBeLessThan(BOUND_MS);
    expect(run.errors.join('\n')).toMatch(namesTheCall());
  }, 60_000);

  it('DescribeServices answered after 60 s: non-zero within timeout + 10 s, naming call and endpoint', async () => {
    const { run, mainMs } = await rollbackAgainst('sloth', [
      { operation: 'DescribeServices', type: 'latency', latencyMs: 60_000 },
    ]);
    expect(run.exitCode).toBe(1);
    expect(mainMs).toBeLessThan(BOUND_MS);
    expect(run.errors.join('\n')).toMatch(namesTheCall());
  }, 60_000);
});
