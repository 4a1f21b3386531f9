// The cadence never sleeps through an outcome: on generated rollouts (task timings, counts, batch
// sizes, health check interval, healthy or crashing releases, 1-3 services, rolling or ECS's
// blue/green, canary, linear) against the emulator
// on stepped simulated time, every rollout's end is seen ≤ DENSE_LOOK_MS after ECS recorded it, and
// the verdict is the emulator's own, and wherever the breaker could have tripped at any moment
// (test/support/breaker-window.ts) looks were dense. Replay a counterexample with FC_SEED (and FC_RUNS).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { deploy } from '../src/index.js';
import { DENSE_LOOK_MS, RELAUNCH_MS } from '../src/watch/poll-cadence.js';
import { simulatedRollout, type RolloutCase, type RolloutFigures } from './support/simulated-rollout.js';

const rollouts: fc.Arbitrary<RolloutCase> = fc
  .record({
    services: fc.integer({ min: 1, max: 3 }),
    image: fc.constantFrom('good' as const, 'good' as const, 'crash' as const),
    desired: fc.integer({ min: 1, max: 6 }),
    maximumPercent: fc.constantFrom(150, 200),
    healthCheckInterval: fc.constantFrom(0, 5, 30),
    // A relaunch takes RELAUNCH_MS at least (the cadence's one assumption): provisioning + pending.
    provisioning: fc.integer({ min: RELAUNCH_MS / 2000, max: 40 }),
    pending: fc.integer({ min: RELAUNCH_MS / 2000, max: 120 }),
    extraHealth: fc.integer({ min: 0, max: 40 }),
    deactivating: fc.integer({ min: 0, max: 120 }),
    stopping: fc.integer({ min: 0, max: 30 }),
    strategy: fc.constantFrom(
      undefined,
      undefined,
      'blue-green' as const,
      'canary' as const,
      'linear' as const,
    ),
    bakeMinutes: fc.integer({ min: 0, max: 2 }),
  })
  .map((r) => ({
    services: r.services,
    image: r.image,
    desired: r.desired,
    // 150 % of one task rounds down to one: no room to start a new one while keeping 100 % healthy.
    maximumPercent: r.desired < 2 ? 200 : r.maximumPercent,
    healthCheckInterval: r.healthCheckInterval,
    ...(r.strategy ? { strategy: r.strategy, bakeMs: r.bakeMinutes * 60_000 } : {}),
    // Docker's first probe comes `interval` after the start, an ALB's healthy threshold 10 s after
    // (native strategies run behind one): the emulator's task is not healthy sooner.
    timings: {
      provisioning: r.provisioning,
      pending: r.pending,
      healthCheck: Math.max(r.healthCheckInterval, r.strategy ? 10 : 0) + r.extraHealth,
      deactivating: r.deactivating,
      stopping: r.stopping,
    },
  }));

/** Gaps between looks (DescribeServices) that begin in a breaker stretch, RELAUNCH_MS past its start. */
function looseGapsInBreakerWindow(figures: RolloutFigures): number[] {
  const startedAt = figures.calls[0]!.at;
  const looks = figures.calls.filter((c) => c.operation === 'DescribeServices').map((c) => c.at - startedAt);
  const gaps: number[] = [];
  for (const [i, at] of looks.entries()) {
    const next = looks[i + 1];
    if (next === undefined) continue;
    if (figures.breakerStretches.some(([a, b]) => at >= a + RELAUNCH_MS && at < b)) gaps.push(next - at);
  }
  return gaps;
}

describe('the cadence against generated rollouts', () => {
  it('sees every end within one dense look of ECS recording it', async () => {
    await fc.assert(
      fc.asyncProperty(rollouts, async (run) => {
        const figures = await simulatedRollout(deploy, run);
        expect(figures.states).toEqual(
          Array(run.services).fill(run.image === 'crash' ? 'FAILED' : 'COMPLETED'),
        );
        for (const lag of figures.seenLagMs) expect(lag).toBeLessThanOrEqual(DENSE_LOOK_MS);
        // Wherever ECS's rules let the breaker trip at any moment (the emulator's task records,
        // whether it tripped or not), looks were dense once a relaunch could have failed.
        for (const gap of looseGapsInBreakerWindow(figures)) expect(gap).toBeLessThanOrEqual(DENSE_LOOK_MS);
      }),
      {
        numRuns: Number(process.env.FC_RUNS ?? 12),
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
      },
    );
  }, 120_000);
});
