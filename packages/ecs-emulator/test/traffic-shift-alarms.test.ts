// CANARY and LINEAR traffic splits seen on the production listener, and deployment alarms: the
// emulated CloudWatch (real @aws-sdk/client-cloudwatch) and ECS's alarm-based rollback.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  ResourceNotFound,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { DescribeServicesCommand, UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import {
  createAppService,
  ecsClient,
  registerApp,
  startTestEmulator,
  waitFor,
  waitForSteady,
} from '../src/testing.js';
import {
  cloudwatchClient,
  deploy,
  describeDeployment,
  serviceWith,
  versions,
} from '../src/testing-strategies.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
let cloudwatch: CloudWatchClient;

beforeAll(async () => {
  emulator = await startTestEmulator({ clockScale: 2000, tickMs: 5 });
  ecs = ecsClient(emulator);
  cloudwatch = cloudwatchClient(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('CANARY and LINEAR', () => {
  it('CANARY sends canaryPercent of production to green for the canary bake, then all', async () => {
    await serviceWith(ecs, 'web', {
      strategy: 'CANARY',
      bakeTimeInMinutes: 0,
      canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 90 },
    });
    const arn = await deploy(ecs, 'web', 'shop/web:v2');
    await waitFor('canary', async () => {
      const d = await describeDeployment(ecs, arn);
      return d.targetServiceRevision?.requestedProductionTrafficWeight === 20;
    });
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 10)).toEqual({ v1: 8, v2: 2 });
    await waitFor(
      'success',
      async () => (await describeDeployment(ecs, arn)).status === 'SUCCESSFUL',
      20_000,
    );
  });

  it('LINEAR shifts stepPercent every stepBakeTimeInMinutes', async () => {
    await serviceWith(ecs, 'web', {
      strategy: 'LINEAR',
      bakeTimeInMinutes: 0,
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 30 },
    });
    const arn = await deploy(ecs, 'web', 'shop/web:v2');
    const weights = new Set<number>();
    await waitFor(
      'success',
      async () => {
        const d = await describeDeployment(ecs, arn);
        weights.add(d.targetServiceRevision?.requestedProductionTrafficWeight ?? -1);
        return d.status === 'SUCCESSFUL';
      },
      20_000,
    );
    expect([...weights].filter((w) => w > 0 && w < 100).sort((a, b) => a - b)).toEqual([25, 50, 75]);
  });
});

describe('deployment alarms', () => {
  it('an error-rate alarm fires on the canary and ECS rolls back', async () => {
    emulator.setScenarios([
      { image: '*:bad', errorRate: 0.5 },
      { alarm: 'web-5xx', service: 'web', metric: 'error-rate', threshold: 0.01, after: 60 },
    ]);
    await serviceWith(ecs, 'web', {
      strategy: 'CANARY',
      bakeTimeInMinutes: 0,
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 },
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true },
    });
    const before = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['web-5xx'] }));
    expect(before.MetricAlarms?.[0]?.StateValue).toBe('OK');
    const arn = await deploy(ecs, 'web', 'shop/web:bad');
    const done = await waitFor('rollback', async () => {
      const d = await describeDeployment(ecs, arn);
      return d.status === 'ROLLBACK_SUCCESSFUL' ? d : undefined;
    });
    expect(done.alarms).toEqual({
      status: 'TRIGGERED',
      alarmNames: ['web-5xx'],
      triggeredAlarmNames: ['web-5xx'],
    });
    expect(done.rollback?.reason).toBe('CloudWatch alarm(s) in ALARM: web-5xx.');
    // The bad version no longer takes traffic: the alarm is OK again.
    const after = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['web-5xx'] }));
    expect(after.MetricAlarms?.[0]?.StateValue).toBe('OK');
  });

  it('SetAlarmState ALARM fails a deployment in its bake; production goes back to blue', async () => {
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: 'manual',
        MetricName: 'TargetResponseTime',
        Namespace: 'AWS/ApplicationELB',
        Threshold: 0.5,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        Period: 60,
        Statistic: 'Average',
      }),
    );
    await serviceWith(ecs, 'web', {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 60,
      alarms: { alarmNames: ['manual'], enable: true, rollback: true },
    });
    const arn = await deploy(ecs, 'web', 'shop/web:v2');
    await waitFor('bake', async () => (await describeDeployment(ecs, arn)).lifecycleStage === 'BAKE_TIME');
    await cloudwatch.send(
      new SetAlarmStateCommand({ AlarmName: 'manual', StateValue: 'ALARM', StateReason: 'test' }),
    );
    await waitFor(
      'rollback',
      async () => (await describeDeployment(ecs, arn)).status === 'ROLLBACK_SUCCESSFUL',
    );
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 2)).toEqual({ v1: 2 });
    const alarm = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['manual'] })))
      .MetricAlarms![0]!;
    expect(alarm).toMatchObject({
      StateValue: 'ALARM',
      StateReason: 'test',
      MetricName: 'TargetResponseTime',
    });
  });

  it('a ROLLING deployment with alarms rolls back to the last completed revision', async () => {
    emulator.setScenarios([
      // Fires 30 s after the slow version serves: after steady state, within ECS's alarm bake.
      { alarm: 'p95', service: 'apps/api', metric: 'latency-ms', threshold: 500, after: 30 },
      { image: '*:slower', latencyMs: 600 },
    ]);
    const first = await createAppService(ecs, { service: 'api', image: 'shop/api:v1' });
    await waitForSteady(ecs, 'api');
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'apps',
        service: 'api',
        deploymentConfiguration: { alarms: { alarmNames: ['p95'], enable: true, rollback: true } },
        taskDefinition: await registerApp(ecs, 'api', 'shop/api:slower'),
      }),
    );
    await waitFor('rollback', async () => {
      const out = await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['api'] }));
      const [primary, ...rest] = out.services![0]!.deployments!;
      return rest.length === 0 && primary!.taskDefinition === first && primary!.rolloutState === 'COMPLETED';
    });
  });

  it('a ROLLING deployment with alarms stays IN_PROGRESS through the alarm bake, then completes', async () => {
    emulator.setScenarios([{ alarm: 'p95', metric: 'latency-ms', threshold: 500, after: 120 }]);
    await createAppService(ecs, { service: 'api', image: 'shop/api:v1' });
    await waitForSteady(ecs, 'api');
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'apps',
        service: 'api',
        deploymentConfiguration: { alarms: { alarmNames: ['p95'], enable: true, rollback: true } },
        taskDefinition: await registerApp(ecs, 'api', 'shop/api:v2'),
      }),
    );
    const done = await waitForSteady(ecs, 'api');
    // Rollout ≈ 30 s, then 120 + 60 s of alarm bake before COMPLETED, by the deployment's own
    // timestamps (a clock read here, after UpdateService returned, comes late on a busy machine).
    const [deployment] = done.deployments!;
    expect(deployment!.updatedAt!.getTime() - deployment!.createdAt!.getTime()).toBeGreaterThanOrEqual(
      180_000,
    );
  });

  it('SetAlarmState on an unknown alarm is ResourceNotFound', async () => {
    await expect(
      cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'ALARM', StateReason: 'x' })),
    ).rejects.toThrow(ResourceNotFound);
  });
});
