// The bundled rollback against the emulator: targets, refusals, several services, wait: false, bad inputs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { expectNoLeaks, runAction } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import {
  createAppService,
  describeService,
  ecsClient,
  registerApp,
  startTestEmulator,
  waitForSteady,
} from '@shipline/ecs-emulator/testing';

const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator({ scenarios: [{ image: '*:crash', behaviour: 'crash-on-start' }] });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

const rollbackStep = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction({ actionDir, inputs: { cluster: 'apps', ...inputs }, env: { ...emulator.env, ...env } });

/** A service that ran v1, then v2 (both completed): returns both ARNs. */
async function twoVersions(service: string): Promise<{ v1: string; v2: string }> {
  const v1 = await createAppService(ecs, {
    service,
    image: `shop/${service}:v1`,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
  });
  await waitForSteady(ecs, service);
  const v2 = await registerApp(ecs, service, `shop/${service}:v2`);
  await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service, taskDefinition: v2 }));
  await waitForSteady(ecs, service);
  return { v1, v2 };
}

describe('rollback (bundled dist against the emulator)', () => {
  it("to: previous returns the service to the last successful deployment's task definition", async () => {
    const { v1, v2 } = await twoVersions('back');
    const run = await rollbackStep({ service: 'back' });
    expect(run.errors).toEqual([]);
    expect(run.outputs['rolled-back-from']).toBe(v2);
    expect(run.outputs['rolled-back-to']).toBe(v1);
    const view = await describeService(ecs, 'back');
    expect(view.deployments!.map((d) => [d.id, d.taskDefinition, d.rolloutState])).toEqual([
      [run.outputs['deployment-id'], v1, 'COMPLETED'],
    ]);
    expect(Number(run.outputs['duration-seconds'])).toBeGreaterThan(0);
    expect(run.summary).toContain('back:2 → back:1');
    expectNoLeaks(run);
  });

  it('to: family:revision goes to that revision', async () => {
    const { v1 } = await twoVersions('named');
    const v3 = await registerApp(ecs, 'named', 'shop/named:v3');
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'named', taskDefinition: v3 }));
    await waitForSteady(ecs, 'named');
    const run = await rollbackStep({ service: 'named', to: 'named:1' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['rolled-back-to']).toBe(v1);
    expect((await describeService(ecs, 'named')).taskDefinition).toBe(v1);
  });

  it('refuses, changing nothing, when the target already runs', async () => {
    const { v2 } = await twoVersions('same');
    const before = emulator.requestCount('UpdateService');
    const run = await rollbackStep({ service: 'same', to: v2 });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/already runs same:2, the rollback target/);
    expect(emulator.requestCount('UpdateService')).toBe(before);
  });

  it('refuses, changing nothing, when the target does not exist', async () => {
    await twoVersions('ghost');
    const before = emulator.requestCount('UpdateService');
    const run = await rollbackStep({ service: 'ghost', to: 'ghost:99' });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/task definition ghost:99 does not exist/);
    expect(emulator.requestCount('UpdateService')).toBe(before);
  });

  it('fails the step when the version rolled back to does not come up', async () => {
    const bad = await registerApp(ecs, 'doomed', 'shop/doomed:crash');
    await twoVersions('doomed');
    const run = await rollbackStep({ service: 'doomed', to: bad, timeout: '20s' });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/Rollback of doomed to doomed:1 FAILED/);
  });

  it('several services go back at once, each to its own last successful task definition', async () => {
    const a = await twoVersions('pair-a');
    const b = await twoVersions('pair-b');
    const run = await rollbackStep({ service: 'pair-a, pair-b' });
    expect(run.errors).toEqual([]);
    const services = JSON.parse(run.outputs.services!);
    expect(
      services.map((s: { service: string; from: string; to: string; succeeded: boolean }) => [
        s.service,
        s.from,
        s.to,
        s.succeeded,
      ]),
    ).toEqual([
      ['pair-a', a.v2, a.v1, true],
      ['pair-b', b.v2, b.v1, true],
    ]);
    expect((await describeService(ecs, 'pair-a')).taskDefinition).toBe(a.v1);
    expect((await describeService(ecs, 'pair-b')).taskDefinition).toBe(b.v1);
    // Interleaved progress stays readable: every line names its service.
    expect(run.log).toMatch(/\[pair-a\] ── Pre-flight/);
    expect(run.log).toMatch(/\[pair-b\] ── Pre-flight/);
    expect(run.summary).toContain('| pair-b |');
    expectNoLeaks(run);
  });

  it('with several services, one that cannot be rolled back fails the step and the others still go back', async () => {
    const a = await twoVersions('half-a');
    await createAppService(ecs, { service: 'half-b', image: 'shop/half-b:v1' });
    await waitForSteady(ecs, 'half-b');
    const run = await rollbackStep({ service: 'half-a, half-b' });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/Rollback of half-b did not start/);
    expect((await describeService(ecs, 'half-a')).taskDefinition).toBe(a.v1);
  });

  it('wait: false returns once the rollback deployment has started', async () => {
    const { v1 } = await twoVersions('nowait');
    const run = await rollbackStep({ service: 'nowait', wait: 'false' });
    expect(run.exitCode).toBe(0);
    const primary = (await describeService(ecs, 'nowait')).deployments!.find((d) => d.status === 'PRIMARY')!;
    expect([primary.id, primary.taskDefinition]).toEqual([run.outputs['deployment-id'], v1]);
  });
});

const BAD: [string, Record<string, string>, string, RegExp][] = [
  ['no service', {}, 'service', /required/],
  [
    'two services and a named target',
    { service: 'a, b', to: 'a:1' },
    'to',
    /with several services use previous/,
  ],
  ['a service twice', { service: 'a, a' }, 'service', /twice/],
  ['service with a slash', { service: 'a/b' }, 'service', /service name/],
  ['cluster with a space', { service: 'web', cluster: 'a b' }, 'cluster', /cluster name/],
  ['to: a word', { service: 'web', to: 'last' }, 'to', /family:revision/],
  ['to: revision 0', { service: 'web', to: 'web:0' }, 'to', /family:revision/],
  ['to: a family alone', { service: 'web', to: 'web' }, 'to', /family:revision/],
  [
    'to: a malformed ARN',
    { service: 'web', to: 'arn:aws:ecs:task-definition/web:1' },
    'to',
    /family:revision/,
  ],
  ['wait: 1', { service: 'web', wait: '1' }, 'wait', /true or false/],
  ['timeout: forever', { service: 'web', timeout: 'forever' }, 'timeout', /not a duration/],
  ['timeout: 9h', { service: 'web', timeout: '9h' }, 'timeout', /longer than allowed/],
  ['timeout: 5s', { service: 'web', timeout: '5s' }, 'timeout', /shorter than allowed/],
];

describe('rollback: bad input fails before any AWS call, naming the input', () => {
  it.each(BAD)('%s', async (_case, inputs, input, says) => {
    const before = emulator.requestCount();
    const run = await rollbackStep(inputs);
    expect(run.exitCode).toBe(1);
    const error = run.commands.find(
      (c) => c.command === 'error' && c.properties.title === `Bad input: ${input}`,
    );
    expect(error?.message).toMatch(says);
    expect(emulator.requestCount()).toBe(before);
  });
});
