// deploy-ecs with a slow, silent or proxied ECS endpoint (bundled dist): bounded by timeout + 10 s.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { RunResult } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { describeService, ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { deployStep, steadyService, workspaceWith } from './support.js';

// The design's bound: a step ends no later than its `timeout` + 10 s, whatever ECS does. These
// runs take that long in real time by nature; they assert the verdict and that bound only.
const TIMEOUT_MS = 10_000;
const BOUND_MS = TIMEOUT_MS + 10_000;

let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator();
  ecs = ecsClient(emulator);
});
beforeEach(() => emulator.setFaults([]));
afterAll(() => emulator.close());

async function deployNow(service: string): Promise<{ run: RunResult; mainMs: number }> {
  const run = await deployStep(
    emulator,
    { service, 'task-definition': 'task-definition.json', timeout: '10s' },
    { workspace: workspaceWith(service, `shop/${service}:v2`) },
  );
  const main = run.stages.find((s) => s.stage === 'main')!;
  return { run, mainMs: main.durationMs };
}

describe('deploy-ecs: ECS slow or silent (timeout 10s)', () => {
  it('an endpoint that accepts and never answers: non-zero within timeout + 10 s, naming call and endpoint', async () => {
    await steadyService(ecs, 'hush');
    emulator.setFaults([{ operation: '*', type: 'silent' }]);
    const { run, mainMs } = await deployNow('hush');
    expect(run.exitCode).toBe(1);
    expect(mainMs).toBeLessThan(BOUND_MS);
    expect(run.errors.join('\n')).toMatch(
      new RegExp(
        `DescribeServices to 127\\.0\\.0\\.1:${emulator.port} got no answer before the step's deadline`,
      ),
    );
    emulator.setFaults([]);
    expect((await describeService(ecs, 'hush')).deployments).toHaveLength(1); // nothing was changed
  }, 60_000);

  it('DescribeServices answered after 60 s: non-zero within timeout + 10 s, naming call and endpoint', async () => {
    await steadyService(ecs, 'sloth');
    emulator.setFaults([{ operation: 'DescribeServices', type: 'latency', latencyMs: 60_000 }]);
    const { run, mainMs } = await deployNow('sloth');
    expect(run.exitCode).toBe(1);
    expect(mainMs).toBeLessThan(BOUND_MS);
    expect(run.errors.join('\n')).toMatch(
      new RegExp(
        `DescribeServices to 127\\.0\\.0\\.1:${emulator.port} got no answer before the step's deadline`,
      ),
    );
  }, 60_000);

  it('a proxy answering HTTP 502 with an HTML page: said in plain words, not a deserializer message', async () => {
    await steadyService(ecs, 'proxied');
    emulator.setFaults([{ operation: 'DescribeServices', type: 'bad-gateway' }]);
    const { run, mainMs } = await deployNow('proxied');
    expect(run.exitCode).toBe(1);
    expect(mainMs).toBeLessThan(BOUND_MS);
    const errors = run.errors.join('\n');
    expect(errors).toMatch(/ECS answered HTTP 502 with a non-JSON body: "502 Bad Gateway 502 Bad Gateway"/);
    expect(errors).not.toMatch(/Deserialization|Unexpected token/);
  }, 60_000);
});
