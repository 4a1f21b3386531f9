// The wait for a seeded service: done when steady, failing at once when ECS gives up, and after a
// stall (no change at all) rather than after a fixed span of real time.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import {
  createAppService,
  describeService,
  ecsClient,
  startTestEmulator,
} from '@shipline/ecs-emulator/testing';
import { untilSteady } from '../src/stories/until-steady.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startTestEmulator({
    scenarios: [
      { image: '*:crashes', behaviour: 'crash-on-start' },
      // A simulated day before a task starts: nothing about the service changes in any test's life.
      { image: '*:stalls', slowStart: 86_400 },
      { image: '*:slow', slowStart: 60 },
    ],
  });
});
afterAll(() => emulator.close());

describe('untilSteady', () => {
  it('returns once the service runs its desired count with its deployment COMPLETED', async () => {
    const ecs = ecsClient(emulator);
    await createAppService(ecs, { service: 'good', image: 'app:slow', desiredCount: 2 });
    await untilSteady(ecs, 'apps', 'good');
    expect((await describeService(ecs, 'good')).runningCount).toBe(2);
  });

  it('fails as soon as ECS gives up on the deployment, with its reason and events', async () => {
    const ecs = ecsClient(emulator);
    await createAppService(ecs, {
      service: 'crashing',
      image: 'app:crashes',
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
    await expect(untilSteady(ecs, 'apps', 'crashing', { stallMs: 600_000 })).rejects.toThrow(
      /^apps\/crashing running the previous release did not become steady: ECS gave up on its deployment; 0 of 2 running, .*newest deployment FAILED \(.+\).*latest events: /,
    );
  });

  it('fails after a stall (nothing about the service changed), naming what it saw', async () => {
    const ecs = ecsClient(emulator);
    await createAppService(ecs, { service: 'stalled', image: 'app:stalls', desiredCount: 1 });
    await expect(
      untilSteady(ecs, 'apps', 'stalled', { stallMs: 300, what: 'running the seed' }),
    ).rejects.toThrow(
      /^apps\/stalled running the seed did not become steady: nothing changed in 0.3 s; 0 of 1 running, 1 pending, newest deployment IN_PROGRESS/,
    );
  });
});
