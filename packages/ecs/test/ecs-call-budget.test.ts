// ECS calls of deploy() within budget (issue #22: ≤ 20 per minute over a five-minute rollout of up
// to 10 services) with each outcome seen ≤ 2 s after ECS recorded it, counted on stepped simulated
// time against the emulator; where the circuit breaker could trip at any moment, held to the looks
// that needs (ecs-call-cadence.test.ts: the cadence's bounds). Before the cadence: ~32 per minute.
import { describe, expect, it } from '@jest/globals';
import { deploy } from '../src/index.js';
import { DENSE_LOOK_MS } from '../src/watch/poll-cadence.js';
import { callsPerMinute, simulatedRollout, type RolloutCase } from './support/simulated-rollout.js';

describe('deploy() on a five-minute rollout, every ECS call counted', () => {
  it.each([1, 10])(
    '%i service(s): ≤ 20 calls per minute, each end seen ≤ 2 s after ECS recorded it',
    async (n) => {
      const figures = await simulatedRollout(deploy, { services: n, image: 'good' });
      expect(figures.states).toEqual(Array(n).fill('COMPLETED'));
      expect(figures.durationMs).toBeGreaterThanOrEqual(4.5 * 60_000);
      expect(callsPerMinute(figures.calls, figures.durationMs).get('all')).toBeLessThanOrEqual(20);
      for (const lag of figures.seenLagMs) expect(lag).toBeLessThanOrEqual(2_000);
      expect(figures.verdictLagMs).toBeLessThanOrEqual(2_000);
    },
  );

  it('sees a crashing release FAILED by the breaker ≤ 2 s after it tripped', async () => {
    const figures = await simulatedRollout(deploy, { services: 1, image: 'crash' });
    expect(figures.states).toEqual(['FAILED']);
    expect(figures.seenLagMs[0]).toBeLessThanOrEqual(2_000);
  });

  it('follows ten blue/green services with one DescribeServiceDeployments a look at most', async () => {
    const figures = await simulatedRollout(deploy, {
      services: 10,
      image: 'good',
      strategy: 'blue-green',
      bakeMs: 60_000,
    });
    expect(figures.states).toEqual(Array(10).fill('COMPLETED'));
    const count = (op: string) => figures.calls.filter((c) => c.operation === op).length;
    expect(count('DescribeServiceDeployments')).toBeLessThanOrEqual(count('DescribeServices'));
    // Finding the ten service deployments: one ListServiceDeployments each (it takes one service),
    // one DescribeServiceRevisions and one DescribeServiceDeployments for all of them.
    expect(count('ListServiceDeployments')).toBe(10);
    expect(count('DescribeServiceRevisions')).toBe(1);
    const firstLook = figures.calls.find((c) => c.operation === 'DescribeServiceDeployments')!.at;
    expect(
      figures.calls.filter((c) => c.operation === 'DescribeServiceDeployments' && c.at === firstLook),
    ).toHaveLength(1);
    // ECS's bake ending shows in the service deployments alone: read then without DescribeServices,
    // which looks during the bake only for events, every SPARSE_LOOK_MS.
    const at = (op: string) => figures.calls.filter((c) => c.operation === op).map((c) => c.at);
    const described = new Set(at('DescribeServices'));
    expect(at('DescribeServiceDeployments').filter((t) => !described.has(t)).length).toBeGreaterThan(0);
    for (const lag of figures.seenLagMs) expect(lag).toBeLessThanOrEqual(2_000);
  });

  it('bakes ten services within budget', async () => {
    const figures = await simulatedRollout(deploy, { services: 10, image: 'good', bakeMs: 3 * 60_000 });
    const bakeFrom = figures.bakeStartMs!;
    const startedAt = figures.calls[0]!.at;
    const baking = figures.calls.filter((c) => c.at - startedAt >= bakeFrom);
    expect(baking.length / ((figures.durationMs - bakeFrom) / 60_000)).toBeLessThanOrEqual(20);
  });
});

/**
 * Rollouts in which the circuit breaker could trip at any moment for minutes (as many tasks of ours
 * starting at once as its threshold, or failed ones plus their replacements): seeing that within
 * 2 s takes a look every DENSE_LOOK_MS there, which alone is 15-33 calls a minute of the rollout
 * (README: "How often ECS is asked"), so ≤ 20 over the whole rollout cannot hold. Each is held to
 * that: past the calls that start it, one look per DENSE_LOOK_MS in the window, ≤ 20 a minute
 * outside it, every end seen ≤ 2 s after ECS recorded it.
 */
describe('deploy() where the breaker could trip at any moment', () => {
  const cases: [string, RolloutCase, number][] = [
    [
      '4 tasks at once (200 %)',
      { services: 1, image: 'good', maximumPercent: 200, timings: { pending: 150 } },
      200,
    ],
    ['a crashing release', { services: 1, image: 'crash' }, 100],
    ['blue/green, 1 service', { services: 1, image: 'good', strategy: 'blue-green', bakeMs: 120_000 }, 140],
    [
      'blue/green, 10 services',
      { services: 10, image: 'good', strategy: 'blue-green', bakeMs: 120_000 },
      140,
    ],
    ['linear 25 %, 1 service', { services: 1, image: 'good', strategy: 'linear' }, 140],
  ];
  it.each(cases)(
    '%s: dense only in the breaker window, ≤ 20 calls a minute outside it',
    async (_, run, windowS) => {
      const figures = await simulatedRollout(deploy, run);
      expect(figures.states).toEqual(
        Array(run.services).fill(run.image === 'crash' ? 'FAILED' : 'COMPLETED'),
      );
      for (const lag of figures.seenLagMs) expect(lag).toBeLessThanOrEqual(2_000);
      // The window is what ECS's rules make it (the emulator's task records), not what the cadence did.
      expect(figures.breakerWindowMs).toBeGreaterThanOrEqual(windowS * 1000);
      const startedAt = figures.calls[0]!.at;
      const after = figures.calls.filter((c) => c.at > startedAt).map((c) => c.at - startedAt);
      const inside = (t: number) => figures.breakerStretches.some(([a, b]) => t >= a && t < b);
      const denseLooks = figures.breakerStretches.reduce(
        (n, [a, b]) => n + Math.ceil((b - a) / DENSE_LOOK_MS) + 1,
        0,
      );
      expect(after.filter(inside).length).toBeLessThanOrEqual(denseLooks);
      const outsideMinutes = (figures.durationMs - figures.breakerWindowMs) / 60_000;
      expect(after.filter((t) => !inside(t)).length).toBeLessThanOrEqual(20 * outsideMinutes + 1);
    },
  );
});
