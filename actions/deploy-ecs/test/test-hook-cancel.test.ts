// deploy-ecs resuming from the test hook, cancelled while production traffic moves (bundled dist
// against the emulator): on-cancel rollback starts ECS's rollback (StopServiceDeployment ROLLBACK, a
// traffic switch back to blue) within the runner's grace, and production ends all on the previous version.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { cancelOnLine } from '@shipline/action-harness';
import { ecsClient, startTestEmulator, waitFor } from '@shipline/ecs-emulator/testing';
import { versions } from '@shipline/ecs-emulator/testing-strategies';
import { deployStep, workspaceWith } from './support.js';
import { NOT_TEST, pausingService } from './strategy-support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator({ clockScale: 20 });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('deploy-ecs: cancelled while resuming from the test hook', () => {
  it('CONTINUE cancelled during the canary bake: the rollback is started, production back on blue', async () => {
    await pausingService(ecs, 'cart', {
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 10 },
    });
    const first = await deployStep(
      emulator,
      {
        service: 'cart',
        'task-definition': 'task-definition.json',
        timeout: '30m',
        until: 'test-traffic',
        'test-url': emulator.testListenerUrl('apps', 'cart'),
      },
      { workspace: workspaceWith('cart', 'shop/cart:v2'), env: NOT_TEST },
    );
    expect(first.exitCode).toBe(0);
    // The canary bake lasts 30 s of real time here: cancelled once the step reports the canary's
    // 20 % of production traffic, so the cancel lands inside it however busy the machine is.
    const cancel = cancelOnLine(/\[cart\] .*production 20% green/);
    const second = await deployStep(
      emulator,
      { service: 'cart', 'continue-hooks': first.outputs.hooks!, timeout: '30m' },
      { env: NOT_TEST, signal: cancel.signal, onLine: cancel.onLine },
    );
    expect(cancel.signal.aborted).toBe(true);
    expect(second.exitCode).not.toBe(0);
    expect(second.outputs['rollout-state']).toBe('CANCELLED');
    expect(second.outputs['rolled-back']).toBe('true');
    const [cart] = JSON.parse(second.outputs.services!) as {
      cancel: string;
      timeline: { productionGreen?: number }[];
    }[];
    expect(cart!.cancel).toMatch(/rollback to cart:1 started/);
    expect(cart!.timeline.map((m) => m.productionGreen)).toContain(20);
    await waitFor(
      'production all on blue',
      async () => {
        const seen = await versions(emulator.loadBalancerUrl('apps', 'cart'), 10);
        return seen.v1 === 10 ? seen : undefined;
      },
      20_000,
    );
  }, 90_000);
});
