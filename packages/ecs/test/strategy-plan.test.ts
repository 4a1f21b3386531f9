// planStrategy: what deploy-ecs sets on a service's deploymentConfiguration, what a rollout needs at
// least, and the strategy inputs a service cannot take (each naming the input), before any change.
import { describe, expect, it } from '@jest/globals';
import type { Service } from '@aws-sdk/client-ecs';
import { planStrategy } from '../src/index.js';

const TG = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-blue/0123456789abcdef';
const balanced = (advanced = true): Service => ({
  serviceName: 'web',
  deploymentConfiguration: { strategy: 'ROLLING', maximumPercent: 200, minimumHealthyPercent: 100 },
  loadBalancers: [
    {
      targetGroupArn: TG,
      containerName: 'app',
      containerPort: 8080,
      ...(advanced
        ? {
            advancedConfiguration: {
              alternateTargetGroupArn: TG.replace('web-blue', 'web-green'),
              productionListenerRule:
                'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/x/1/2/3',
              roleArn: 'arn:aws:iam::123456789012:role/ecs-infrastructure',
            },
          }
        : {}),
    },
  ],
});

describe('planStrategy', () => {
  it('keeps a rolling service as it is: nothing sent, no minimum', () => {
    const { plan, problems } = planStrategy(balanced(), { strategy: 'keep' }, { bakeTimeMs: 120_000 });
    expect(problems).toEqual([]);
    expect(plan).toMatchObject({ strategy: 'ROLLING', configuration: undefined, minimumMs: 0 });
  });

  it('sets a canary with its percent, bake and alarms, and sizes the rollout from them', () => {
    const { plan } = planStrategy(
      balanced(),
      { strategy: 'canary', canaryPercent: 10, canaryBakeMinutes: 5, alarms: ['web-5xx'] },
      { bakeTimeMs: 10 * 60_000 },
    );
    expect(plan?.configuration).toMatchObject({
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 5 },
      bakeTimeInMinutes: 10,
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true },
      maximumPercent: 200,
    });
    expect(plan?.minimumMs).toBe((5 + 10 + 3) * 60_000);
    expect(plan?.minimumWhy).toBe('canary bake 5m + bake 10m + 3m to start green');
  });

  it("sizes a linear rollout from ECS's defaults: 9 steps of 6m, then the bake", () => {
    const service = balanced();
    service.deploymentConfiguration = { strategy: 'LINEAR', bakeTimeInMinutes: 5 };
    const { plan } = planStrategy(service, { strategy: 'keep' }, {});
    expect(plan).toMatchObject({ strategy: 'LINEAR', configuration: undefined });
    expect(plan?.minimumMs).toBe((9 * 6 + 5 + 3) * 60_000);
  });

  it('refuses, naming each input: options of another strategy, bakes past ECS, no alternate target group', () => {
    const names = (
      service: Service,
      ...args: Parameters<typeof planStrategy> extends [Service, ...infer R] ? R : never
    ) => planStrategy(service, ...args).problems.map((p) => `${p.input}: ${p.problem}`);
    expect(
      names(balanced(), { strategy: 'blue-green', canaryPercent: 10, linearStepBakeMinutes: 2 }, {}),
    ).toEqual([
      'canary-percent: applies to the CANARY strategy, but web deploys with BLUE_GREEN',
      'linear-step-bake: applies to the LINEAR strategy, but web deploys with BLUE_GREEN',
    ]);
    expect(names(balanced(), { strategy: 'blue-green' }, { bakeTimeMs: 25 * 3_600_000 })).toEqual([
      'bake-time: 1500m is longer than ECS allows (1440 minutes, 24h)',
    ]);
    expect(names(balanced(), { strategy: 'keep' }, { bakeTimeMs: 2 * 3_600_000 })[0]).toMatch(
      /^bake-time: 2h 00m is longer than the 1h maximum/,
    );
    expect(names(balanced(false), { strategy: 'canary' }, {})[0]).toMatch(
      /^strategy: CANARY cannot run on web: its load balancer target group web-blue has no alternate target group/,
    );
    const headless: Service = { serviceName: 'worker' };
    expect(names(headless, { strategy: 'linear' }, {})[0]).toMatch(/no load balancer or Service Connect/);
    expect(names(headless, { strategy: 'blue-green' }, {})).toEqual([]);
  });
});
