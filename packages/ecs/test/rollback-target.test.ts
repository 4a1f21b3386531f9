// The rollback target ('previous') and rollBackService against the emulator's service-deployment history.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
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
import { silentLog } from '@shipline/toolkit';
import { findRollbackTarget, rollBackService } from '../src/index.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator({
    scenarios: [{ image: '*:crash', behaviour: 'crash-on-start', exitCode: 137 }],
  });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

const update = (service: string, taskDefinition: string, forceNewDeployment = false) =>
  ecs.send(new UpdateServiceCommand({ cluster: 'apps', service, taskDefinition, forceNewDeployment }));

/**
 * The history: web:1 serves → web:2 crashes and ECS's breaker rolls back to web:1 →
 * web:3 completes (but is bad). Returns the three ARNs.
 */
async function breakerRollbackThenRelease(service: string): Promise<string[]> {
  const v1 = await createAppService(ecs, {
    service,
    image: `shop/${service}:v1`,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  });
  await waitForSteady(ecs, service);
  const v2 = await registerApp(ecs, service, `shop/${service}:crash`);
  await update(service, v2);
  await waitFor('the breaker to roll back to v1', async () => {
    const view = await describeService(ecs, service);
    const only = view.deployments?.length === 1 ? view.deployments[0] : undefined;
    return only?.taskDefinition === v1 && only.rolloutState === 'COMPLETED';
  });
  const v3 = await registerApp(ecs, service, `shop/${service}:v3`);
  await update(service, v3);
  await waitForSteady(ecs, service);
  return [v1, v2, v3];
}

describe('rollback target after an ECS circuit-breaker rollback', () => {
  it('is the revision the rollback restored (web:1), never the one ECS undid (web:2)', async () => {
    const [v1, , v3] = await breakerRollbackThenRelease('web');
    const target = await findRollbackTarget(ecs, 'apps', await describeService(ecs, 'web'), v3!);
    expect(target).toMatchObject({
      taskDefinitionArn: v1,
      source: 'service-deployments',
      proof: { status: 'ROLLBACK_SUCCESSFUL' },
    });
    expect(target!.note).toMatch(
      /^served by service deployment \S+ \(ROLLBACK_SUCCESSFUL → rollback revision\)$/,
    );
  });

  it('rollBackService to previous returns the service to web:1 and says which deployment proved it', async () => {
    const [v1, v2, v3] = await breakerRollbackThenRelease('shop');
    const result = await rollBackService(
      { cluster: 'apps', service: 'shop', to: 'previous', wait: true, timeoutMs: 120_000 },
      { ecs, log: silentLog },
    );
    expect([result.from, result.to, result.rolloutState]).toEqual([v3, v1, 'COMPLETED']);
    expect(result.targetNote).toMatch(/ROLLBACK_SUCCESSFUL → rollback revision/);
    expect((await describeService(ecs, 'shop')).taskDefinition).not.toBe(v2);
  });

  it('pages the history past the first 20 service deployments', async () => {
    const v1 = await createAppService(ecs, { service: 'busy', image: 'shop/busy:v1' });
    await waitForSteady(ecs, 'busy');
    const v2 = await registerApp(ecs, 'busy', 'shop/busy:v2');
    for (let i = 0; i < 21; i++) {
      await update('busy', v2, i > 0);
      await waitForSteady(ecs, 'busy');
    }
    const before = emulator.requestCount('ListServiceDeployments');
    const target = await findRollbackTarget(ecs, 'apps', await describeService(ecs, 'busy'), v2);
    expect(target).toMatchObject({ taskDefinitionArn: v1, proof: { status: 'SUCCESSFUL' } });
    expect(emulator.requestCount('ListServiceDeployments') - before).toBe(2);
  });

  it('finds nothing rather than a revision that never served when the history has no other', async () => {
    const v1 = await createAppService(ecs, {
      service: 'lonely',
      image: 'shop/lonely:v1',
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
    await waitForSteady(ecs, 'lonely');
    const never = await registerApp(ecs, 'lonely', 'shop/lonely:crash');
    await update('lonely', never);
    await waitFor('the breaker to roll back', async () => {
      const view = await describeService(ecs, 'lonely');
      return view.deployments?.length === 1 && view.deployments[0]!.taskDefinition === v1;
    });
    // lonely:3 was registered but never deployed; lonely:2 crashed: neither may be chosen.
    await registerApp(ecs, 'lonely', 'shop/lonely:v3');
    const target = await findRollbackTarget(ecs, 'apps', await describeService(ecs, 'lonely'), v1);
    expect(target).toBeUndefined();
  });
});
