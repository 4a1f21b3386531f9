// ECS calls of deploy() within budget (issue #22: ≤ 20 per minute over a five-minute rollout of up
// to 10 services) with each outcome seen ≤ 2 s after ECS recorded it, counted on stepped simulated
// time against the emulator; and the cadence's lower bounds. Before the cadence: ~32 per minute.
import { describe, expect, it } from '@jest/globals';
import type { Service, ServiceDeployment, TaskDefinition } from '@aws-sdk/client-ecs';
import { deploy } from '../src/index.js';
import { healthyAfterMs, LOAD_BALANCER_HEALTHY_MS } from '../src/watch/healthy-after.js';
import { NativeOutcomeClock } from '../src/watch/native-cadence.js';
import {
  breakerThreshold,
  DENSE_LOOK_MS,
  nextLookInMs,
  RELAUNCH_MS,
  RollingOutcomeClock,
  SPARSE_LOOK_MS,
} from '../src/watch/poll-cadence.js';
import { callsPerMinute, simulatedRollout } from './support/simulated-rollout.js';

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

describe('the cadence', () => {
  const service = (ours: object, more: Partial<Service> = {}): Service => ({
    status: 'ACTIVE',
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    deployments: [{ id: 'd2', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', desiredCount: 2, ...ours }],
    ...more,
  });

  it('waits while tasks cannot yet be healthy, and looks densely once they could', () => {
    const clock = new RollingOutcomeClock('d2');
    const noBreaker = { deploymentConfiguration: {} };
    expect(clock.earliestOutcome(service({ pendingCount: 2, runningCount: 0 }, noBreaker), 0, 30_000)).toBe(
      30_000,
    );
    // All running at 15 s: the last one started after the look at 0, so not healthy before 30 s.
    expect(clock.earliestOutcome(service({ runningCount: 2 }, noBreaker), 15_000, 30_000)).toBe(30_000);
    expect(nextLookInMs([30_000], 15_000, { denseMs: DENSE_LOOK_MS, sparseMs: SPARSE_LOOK_MS })).toBe(15_000);
    expect(nextLookInMs([30_000], 29_000, { denseMs: DENSE_LOOK_MS, sparseMs: SPARSE_LOOK_MS })).toBe(
      DENSE_LOOK_MS,
    );
  });

  it('looks within a relaunch while the breaker counts, densely once it could trip', () => {
    expect(new RollingOutcomeClock('d2').earliestOutcome(service({ pendingCount: 2 }), 0, 30_000)).toBe(
      RELAUNCH_MS,
    );
  });

  it('looks densely while the breaker could trip, and when anything but our rollout in progress shows', () => {
    const clock = new RollingOutcomeClock('d2');
    expect(clock.earliestOutcome(service({ pendingCount: 2, failedTasks: 2 }), 5, 30_000)).toBe(5);
    expect(clock.earliestOutcome(service({ rolloutState: 'COMPLETED' }), 5, 30_000)).toBe(5);
    expect(clock.earliestOutcome(undefined, 5, 30_000)).toBe(5);
  });

  it('takes the breaker from its settings: thresholdConfiguration, resetOnHealthyTask', () => {
    const breaker = (more: object) => ({
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true, ...more } },
    });
    expect(breakerThreshold(4)).toBe(3);
    expect(breakerThreshold(1_000)).toBe(200);
    expect(
      breakerThreshold(4, {
        enable: true,
        rollback: true,
        thresholdConfiguration: { type: 'COUNT', value: 1 },
      }),
    ).toBe(1);
    expect(
      breakerThreshold(1_000, {
        enable: true,
        rollback: true,
        thresholdConfiguration: { type: 'UNBOUNDED_PERCENT', value: 30 },
      }),
    ).toBe(300);
    // One task starting, a threshold of one: it could fail at any moment.
    const count1 = breaker({ thresholdConfiguration: { type: 'COUNT', value: 1 } });
    expect(
      new RollingOutcomeClock('d2').earliestOutcome(service({ pendingCount: 1 }, count1), 0, 30_000),
    ).toBe(0);
    // An old task stopped for one of ours (minimumHealthyPercent 100): ours ran healthy. By default
    // the count stops there; with resetOnHealthyTask false it goes on, within a relaunch.
    const looks = (settings: object) => {
      const clock = new RollingOutcomeClock('d2');
      const at = (oldRunning: number): Service => {
        const view = service({ runningCount: 1 }, breaker(settings));
        return {
          ...view,
          deployments: [...view.deployments!, { id: 'd1', status: 'ACTIVE', runningCount: oldRunning }],
        };
      };
      clock.earliestOutcome(at(2), 0, 60_000);
      return clock.earliestOutcome(at(1), 1_000, 60_000);
    };
    expect(looks({})).toBe(61_000);
    expect(looks({ resetOnHealthyTask: false })).toBe(1_000 + RELAUNCH_MS);
  });

  it('with early success criteria, COMPLETED can come once healthyPercent of the tasks run', () => {
    const early = {
      deploymentConfiguration: { earlySuccessCriteria: { enable: true, healthyPercent: 50 } },
    };
    const clock = new RollingOutcomeClock('d2');
    expect(clock.earliestOutcome(service({ desiredCount: 4, runningCount: 1 }, early), 0, 30_000)).toBe(
      30_000,
    );
    // Two of four run at 10 s: healthy (and COMPLETED) possible from 0 + 30 s, not only once all four run.
    expect(clock.earliestOutcome(service({ desiredCount: 4, runningCount: 2 }, early), 10_000, 30_000)).toBe(
      30_000,
    );
  });

  it("waits out ECS's bake: from the last look that saw another stage, bakeTimeInMinutes", () => {
    const clock = new NativeOutcomeClock('d2');
    const record = (lifecycleStage: ServiceDeployment['lifecycleStage']): ServiceDeployment => ({
      status: 'IN_PROGRESS',
      lifecycleStage,
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2 },
    });
    expect(clock.plan(record('POST_PRODUCTION_TRAFFIC_SHIFT'), undefined, 10_000, 0)).toEqual({
      look: 10_000,
      judge: 10_000,
    });
    expect(clock.plan(record('BAKE_TIME'), undefined, 12_000, 0)).toEqual({ look: 130_000, judge: 130_000 });
    expect(clock.plan(record('BAKE_TIME'), undefined, 27_000, 0).judge).toBe(130_000);
  });

  it('takes its lower bound from container health checks and load balancers', () => {
    const definition = (interval?: number): TaskDefinition => ({
      containerDefinitions: [
        { name: 'app', essential: true, healthCheck: { command: ['CMD', 'true'], interval } },
      ],
    });
    expect(healthyAfterMs(definition(10), {})).toBe(10_000);
    expect(healthyAfterMs(definition(undefined), {})).toBe(30_000);
    expect(healthyAfterMs({ containerDefinitions: [{ name: 'app' }] }, {})).toBe(0);
    expect(healthyAfterMs(undefined, { loadBalancers: [{ targetGroupArn: 'tg' }] })).toBe(
      LOAD_BALANCER_HEALTHY_MS,
    );
  });
});
