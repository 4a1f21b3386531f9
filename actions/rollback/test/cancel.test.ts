// The bundled rollback cancelled mid-way: what it started and what the service is left doing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { runAction } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import {
  createAppService,
  describeService,
  ecsClient,
  registerApp,
  startTestEmulator,
  waitFor,
  waitForSteady,
} from '@shipline/ecs-emulator/testing';

const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator({ scenarios: [{ image: '*:stuck', slowStart: 10_000_000 }] });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

describe('rollback cancelled mid-way (bundled dist)', () => {
  it('reports what it had started and what the service is doing, and exits non-zero within the grace', async () => {
    await createAppService(ecs, { service: 'halt', image: 'shop/halt:v1' });
    await waitForSteady(ecs, 'halt');
    const v2 = await registerApp(ecs, 'halt', 'shop/halt:v2');
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'halt', taskDefinition: v2 }));
    await waitForSteady(ecs, 'halt');
    const stuck = await registerApp(ecs, 'halt', 'shop/halt:stuck');

    const cancel = new AbortController();
    const step = runAction({
      actionDir,
      inputs: { cluster: 'apps', service: 'halt', to: stuck },
      env: emulator.env,
      signal: cancel.signal,
    });
    const rolling = await waitFor('the rollback deployment to be PRIMARY', async () => {
      const primary = (await describeService(ecs, 'halt')).deployments?.find((d) => d.status === 'PRIMARY');
      return primary?.taskDefinition === stuck ? primary : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sentAt = Date.now();
    cancel.abort();
    const run = await step;
    const main = run.stages.find((s) => s.stage === 'main')!;
    expect(main.exitCode).not.toBe(0);
    expect(main.signalsSent).toEqual(['SIGINT']);
    expect(Date.now() - sentAt).toBeLessThan(7_500);

    const [service] = JSON.parse(run.outputs.services!);
    expect(service.rolloutState).toBe('CANCELLED');
    const left = new RegExp(
      `^PRIMARY ${rolling.id} halt:3 IN_PROGRESS 0/2 running; ACTIVE ecs-svc/\\d+ halt:2 2 running$`,
    );
    expect(service.left).toMatch(left);
    expect(run.summary).toContain('Cancelled: the state left behind');
    expect(run.summary).toMatch(
      new RegExp(
        `halt: rollback to halt:3 started \\(UpdateService ${rolling.id}\\), CANCELLED when the step stopped; the service now: PRIMARY`,
      ),
    );
    expect(run.warnings.join('\n')).toMatch(/halt left cancelled: rollback to halt:3 started/);
  }, 30_000);
});
