// run in-process against the emulator: several services back at once, each to its own target, one
// refusal not stopping the others; the report built from the result; lines in a collectingLog.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import {
  createAppService,
  describeService,
  ecsClient,
  registerApp,
  startTestEmulator,
  waitForSteady,
} from '@shipline/ecs-emulator/testing';
import { collectingLog } from '@shipline/toolkit/testing';
import { rollbackReport } from '../src/report.js';
import { run } from '../src/run.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator();
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

async function twoVersions(service: string): Promise<{ v1: string; v2: string }> {
  const v1 = await createAppService(ecs, { service, image: `shop/${service}:v1` });
  await waitForSteady(ecs, service);
  const v2 = await registerApp(ecs, service, `shop/${service}:v2`);
  await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service, taskDefinition: v2 }));
  await waitForSteady(ecs, service);
  return { v1, v2 };
}

const options = (services: string[]) => ({
  cluster: 'apps',
  services,
  to: 'previous',
  wait: true,
  timeoutMs: 120_000,
});

describe('run', () => {
  it('returns each service to its previous task definition, its lines prefixed with its name', async () => {
    const a = await twoVersions('run-a');
    const b = await twoVersions('run-b');
    const log = collectingLog();
    const result = await run(options(['run-a', 'run-b']), {
      ecs,
      log,
      signal: new AbortController().signal,
    });
    expect(
      result.rollbacks.map((r) => [r.service, r.result?.from, r.result?.to, r.result?.succeeded]),
    ).toEqual([
      ['run-a', a.v2, a.v1, true],
      ['run-b', b.v2, b.v1, true],
    ]);
    expect((await describeService(ecs, 'run-b')).taskDefinition).toBe(b.v1);
    expect(log.infos).toContain('[run-a] ── Pre-flight');
    expect(log.infos).toContain('[run-b] ── Pre-flight');
    const report = rollbackReport(result);
    expect(report.failure).toBeUndefined();
    expect(report.outputs['rolled-back-to']).toBe(a.v1);
  });

  it('records a service that cannot be rolled back and still returns the others; the report fails', async () => {
    const a = await twoVersions('half-run-a');
    await createAppService(ecs, { service: 'half-run-b', image: 'shop/half-run-b:v1' });
    await waitForSteady(ecs, 'half-run-b');
    const result = await run(options(['half-run-a', 'half-run-b']), {
      ecs,
      log: collectingLog(),
      signal: new AbortController().signal,
    });
    expect(result.rollbacks[0]!.result?.to).toBe(a.v1);
    expect(result.rollbacks[1]!.error).toMatch(/no earlier task definition of half-run-b/);
    expect(rollbackReport(result).failure).toMatch(/Rollback of half-run-b did not start/);
  });

  it('one service: its refusal is thrown as it is', async () => {
    await createAppService(ecs, { service: 'alone', image: 'shop/alone:v1' });
    await waitForSteady(ecs, 'alone');
    await expect(
      run(options(['alone']), { ecs, log: collectingLog(), signal: new AbortController().signal }),
    ).rejects.toThrow(/Nothing was changed/);
  });
});
