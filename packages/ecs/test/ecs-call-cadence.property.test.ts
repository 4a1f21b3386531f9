// The cadence never sleeps through an outcome: on generated rollouts (task timings, counts, batch
// sizes, health check interval, healthy or crashing releases, 1-3 services) against the emulator
// on stepped simulated time, every rollout's end is seen ≤ DENSE_LOOK_MS after ECS recorded it, and
// the verdict is the emulator's own. Replay a counterexample with FC_SEED (and FC_RUNS).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { deploy } from '../src/index.js';
import { DENSE_LOOK_MS } from '../src/watch/poll-cadence.js';
import { simulatedRollout, type RolloutCase } from './support/simulated-rollout.js';

const rollouts: fc.Arbitrary<RolloutCase> = fc
  .record({
    services: fc.integer({ min: 1, max: 3 }),
    image: fc.constantFrom('good' as const, 'good' as const, 'crash' as const),
    desired: fc.integer({ min: 1, max: 6 }),
    maximumPercent: fc.constantFrom(150, 200),
    healthCheckInterval: fc.constantFrom(0, 5, 30),
    provisioning: fc.integer({ min: 1, max: 40 }),
    pending: fc.integer({ min: 1, max: 120 }),
    extraHealth: fc.integer({ min: 0, max: 40 }),
    deactivating: fc.integer({ min: 0, max: 120 }),
    stopping: fc.integer({ min: 0, max: 30 }),
  })
  .map((r) => ({
    services: r.services,
    image: r.image,
    desired: r.desired,
    // 150 % of one task rounds down to one: no room to start a new one while keeping 100 % healthy.
    maximumPercent: r.desired < 2 ? 200 : r.maximumPercent,
    healthCheckInterval: r.healthCheckInterval,
    // Docker's first probe comes `interval` after the start: the emulator's task is not healthy sooner.
    timings: {
      provisioning: r.provisioning,
      pending: r.pending,
      healthCheck: r.healthCheckInterval + r.extraHealth,
      deactivating: r.deactivating,
      stopping: r.stopping,
    },
  }));

describe('the cadence against generated rollouts', () => {
  it('sees every end within one dense look of ECS recording it', async () => {
    await fc.assert(
      fc.asyncProperty(rollouts, async (run) => {
        const figures = await simulatedRollout(deploy, run);
        expect(figures.states).toEqual(
          Array(run.services).fill(run.image === 'crash' ? 'FAILED' : 'COMPLETED'),
        );
        for (const lag of figures.seenLagMs) expect(lag).toBeLessThanOrEqual(DENSE_LOOK_MS);
      }),
      {
        numRuns: Number(process.env.FC_RUNS ?? 12),
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
      },
    );
  }, 120_000);
});
