// The bundled rollback after a breaker rollback: previous is what served, not what failed.
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
  waitFor,
  waitForSteady,
} from '@shipline/ecs-emulator/testing';

const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator({
    scenarios: [{ image: '*:crash', behaviour: 'crash-on-start', exitCode: 137 }],
  });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

describe('rollback to: previous after an ECS circuit-breaker rollback (bundled dist)', () => {
  it('web:1 → web:2 crashes, ECS rolls back → web:3 completes → rollback chooses web:1', async () => {
    const v1 = await createAppService(ecs, {
      service: 'web',
      image: 'shop/web:v1',
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
    await waitForSteady(ecs, 'web');
    const v2 = await registerApp(ecs, 'web', 'shop/web:crash');
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'web', taskDefinition: v2 }));
    await waitFor('the breaker to roll back to web:1', async () => {
      const view = await describeService(ecs, 'web');
      return view.deployments?.length === 1 && view.deployments[0]!.taskDefinition === v1;
    });
    await waitForSteady(ecs, 'web');
    const v3 = await registerApp(ecs, 'web', 'shop/web:v3');
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'web', taskDefinition: v3 }));
    await waitForSteady(ecs, 'web');

    const run = await runAction({
      actionDir,
      inputs: { cluster: 'apps', service: 'web', timeout: '2m' },
      env: emulator.env,
    });
    expect(run.errors).toEqual([]);
    expect([run.outputs['rolled-back-from'], run.outputs['rolled-back-to']]).toEqual([v3, v1]);
    const view = await describeService(ecs, 'web');
    expect([view.taskDefinition, view.deployments!.length]).toEqual([v1, 1]);
    const proof =
      /web:3 → web:1, served by service deployment (\S+) \(ROLLBACK_SUCCESSFUL → rollback revision\)/;
    expect(run.log).toMatch(proof);
    expect(run.summary).toMatch(
      /served by service deployment \S+ \(ROLLBACK_SUCCESSFUL → rollback revision\)/,
    );
    const [service] = JSON.parse(run.outputs.services!) as { provenBy: { status: string } }[];
    expect(service!.provenBy.status).toBe('ROLLBACK_SUCCESSFUL');
    expectNoLeaks(run);
  });
});
