// The cadence's lower bounds, from what one look shows (README: "How often ECS is asked"): container
// health checks and load balancers, the circuit breaker's settings and reach, early success
// criteria, ECS's bake; how soon the next look is due.
import { describe, expect, it } from '@jest/globals';
import type { Service, ServiceDeployment, TaskDefinition } from '@aws-sdk/client-ecs';
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
    // Only the service deployment can end the bake: its read is due then, DescribeServices only for events.
    expect(clock.plan(record('BAKE_TIME'), undefined, 12_000, 0)).toEqual({
      look: Number.POSITIVE_INFINITY,
      judge: 130_000,
    });
    expect(clock.plan(record('BAKE_TIME'), undefined, 27_000, 0).judge).toBe(130_000);
  });

  it('keeps DescribeServices dense through the bake while the breaker still counts (resetOnHealthyTask false)', () => {
    const clock = new NativeOutcomeClock('d2');
    const record: ServiceDeployment = {
      status: 'IN_PROGRESS',
      lifecycleStage: 'BAKE_TIME',
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2 },
    };
    const counting: Service = {
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true, resetOnHealthyTask: false },
      },
    };
    expect(clock.plan(record, counting, 12_000, 0)).toEqual({ look: 12_000, judge: 12_000 });
  });

  it("never plans green's scale-up from an old DescribeServices view", () => {
    const record: ServiceDeployment = { status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP' };
    const view = service({ pendingCount: 4, desiredCount: 4 }, { deploymentConfiguration: {} });
    expect(new NativeOutcomeClock('d2').plan(record, view, 5_000, 30_000).judge).toBe(35_000);
    expect(new NativeOutcomeClock('d2').plan(record, view, 5_000, 30_000, false)).toEqual({
      look: 5_000,
      judge: 5_000,
    });
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
