// ECS's native strategies through the real SDK clients: blue/green with a test listener, bake and a
// switch-back, PAUSE and Lambda hooks, canary and linear traffic splits, alarm-based rollback.
import { DescribeAlarmsCommand, CloudWatchClient, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type ECSClient,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
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

const LB = {
  targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1',
  containerName: 'app',
  containerPort: 8080,
  advancedConfiguration: {
    alternateTargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2',
    productionListenerRule: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/prod/1',
    testListenerRule: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/test/2',
    roleArn: 'arn:aws:iam::123456789012:role/ecs-infrastructure',
  },
};

let emulator: EmulatorHandle;
let ecs: ECSClient;
let cloudwatch: CloudWatchClient;

beforeAll(async () => {
  emulator = await startTestEmulator({ clockScale: 2000, tickMs: 5 });
  ecs = ecsClient(emulator);
  cloudwatch = new CloudWatchClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function serviceWith(service: string, config: DeploymentConfiguration): Promise<void> {
  await createAppService(ecs, { service, image: 'shop/web:v1', desiredCount: 2 });
  await waitForSteady(ecs, service);
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'apps',
      service,
      deploymentConfiguration: config,
      loadBalancers: [LB],
    }),
  );
}

async function deploy(service: string, image: string): Promise<string> {
  const arn = await registerApp(ecs, service, image);
  await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service, taskDefinition: arn }));
  const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'apps', service }));
  return list.serviceDeployments![0]!.serviceDeploymentArn!;
}

async function describe1(arn: string): Promise<ServiceDeployment> {
  const out = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
  return out.serviceDeployments![0]!;
}

async function versions(url: string, n: number): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/`);
    const version = res.headers.get('x-app-version') ?? String(res.status);
    seen[version] = (seen[version] ?? 0) + 1;
  }
  return seen;
}

describe('BLUE_GREEN', () => {
  it('serves green on the test listener only, shifts production at once, bakes with blue alive, then cleans up', async () => {
    await serviceWith('web', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 });
    const arn = await deploy('web', 'shop/web:v2');
    await waitFor('bake', async () => (await describe1(arn)).lifecycleStage === 'BAKE_TIME');
    const baking = await describe1(arn);
    expect(baking.status).toBe('IN_PROGRESS');
    expect(baking.targetServiceRevision?.requestedProductionTrafficWeight).toBe(100);
    expect(baking.sourceServiceRevisions?.[0]?.requestedProductionTrafficWeight).toBe(0);
    expect(baking.sourceServiceRevisions?.[0]?.runningTaskCount).toBe(2); // blue kept alive
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 6)).toEqual({ v2: 6 });
    expect(await versions(emulator.testListenerUrl('apps', 'web'), 3)).toEqual({ v2: 3 });
    await waitFor('success', async () => (await describe1(arn)).status === 'SUCCESSFUL', 20_000);
    expect((await describe1(arn)).lifecycleStage).toBe('CLEAN_UP');
  });

  it('StopServiceDeployment during bake puts production traffic back on blue at once', async () => {
    await serviceWith('web', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 });
    const arn = await deploy('web', 'shop/web:v2');
    await waitFor('bake', async () => (await describe1(arn)).lifecycleStage === 'BAKE_TIME');
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 4)).toEqual({ v1: 4 });
    await waitFor('rollback', async () => (await describe1(arn)).status === 'ROLLBACK_SUCCESSFUL');
  });

  it('waits at a PAUSE hook for ContinueServiceDeployment; ROLLBACK leaves production on blue', async () => {
    await serviceWith('web', {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 0,
      lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }],
    });
    const arn = await deploy('web', 'shop/web:v2');
    const paused = await waitFor('pause', async () => {
      const d = await describe1(arn);
      return d.lifecycleHookDetails?.[0]?.status === 'AWAITING_ACTION' ? d : undefined;
    });
    expect(paused.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
    expect(paused.targetServiceRevision?.requestedTestTrafficWeight).toBe(100);
    expect(await versions(emulator.testListenerUrl('apps', 'web'), 2)).toEqual({ v2: 2 });
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 2)).toEqual({ v1: 2 });
    const hookId = paused.lifecycleHookDetails![0]!.hookId!;
    await ecs.send(
      new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action: 'ROLLBACK' }),
    );
    await waitFor('rollback', async () => (await describe1(arn)).status === 'ROLLBACK_SUCCESSFUL');
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 2)).toEqual({ v1: 2 });
  });

  it('rolls back when a Lambda hook fails, as the scenario says', async () => {
    emulator.setScenarios([{ hook: '*:function:smoke', result: 'fail', after: 30 }]);
    await serviceWith('web', {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 0,
      lifecycleHooks: [
        {
          hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:smoke',
          roleArn: 'arn:aws:iam::123456789012:role/hook',
          lifecycleStages: ['POST_SCALE_UP'],
        },
      ],
    });
    const arn = await deploy('web', 'shop/web:v2');
    const done = await waitFor('rollback', async () => {
      const d = await describe1(arn);
      return d.status === 'ROLLBACK_SUCCESSFUL' ? d : undefined;
    });
    expect(done.lifecycleHookDetails?.[0]?.status).toBe('FAILED');
    expect(done.rollback?.reason).toContain('failed');
  });
});

describe('CANARY and LINEAR', () => {
  it('CANARY sends canaryPercent of production to green for the canary bake', async () => {
    await serviceWith('web', {
      strategy: 'CANARY',
      bakeTimeInMinutes: 0,
      canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 30 },
    });
    const arn = await deploy('web', 'shop/web:v2');
    await waitFor(
      'canary',
      async () => (await describe1(arn)).targetServiceRevision?.requestedProductionTrafficWeight === 20,
    );
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 10)).toEqual({ v1: 8, v2: 2 });
    await waitFor('success', async () => (await describe1(arn)).status === 'SUCCESSFUL', 20_000);
  });

  it('LINEAR shifts stepPercent every stepBakeTimeInMinutes', async () => {
    await serviceWith('web', {
      strategy: 'LINEAR',
      bakeTimeInMinutes: 0,
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 10 },
    });
    const arn = await deploy('web', 'shop/web:v2');
    const weights = new Set<number>();
    await waitFor(
      'success',
      async () => {
        const d = await describe1(arn);
        weights.add(d.targetServiceRevision?.requestedProductionTrafficWeight ?? -1);
        return d.status === 'SUCCESSFUL';
      },
      20_000,
    );
    expect([...weights].filter((w) => w > 0 && w < 100).sort((a, b) => a - b)).toEqual([25, 50, 75]);
  });
});

describe('alarms', () => {
  it('an error-rate alarm fires on the canary and ECS rolls back', async () => {
    emulator.setScenarios([
      { image: '*:bad', errorRate: 0.5 },
      { alarm: 'web-5xx', service: 'web', metric: 'error-rate', threshold: 0.01, after: 60 },
    ]);
    await serviceWith('web', {
      strategy: 'CANARY',
      bakeTimeInMinutes: 0,
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 },
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true },
    });
    const before = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['web-5xx'] }));
    expect(before.MetricAlarms?.[0]?.StateValue).toBe('OK');
    const arn = await deploy('web', 'shop/web:bad');
    const done = await waitFor('rollback', async () => {
      const d = await describe1(arn);
      return d.status === 'ROLLBACK_SUCCESSFUL' ? d : undefined;
    });
    expect(done.alarms).toEqual({
      status: 'TRIGGERED',
      alarmNames: ['web-5xx'],
      triggeredAlarmNames: ['web-5xx'],
    });
    // The bad version no longer takes traffic: the alarm is OK again.
    const after = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['web-5xx'] }));
    expect(after.MetricAlarms?.[0]?.StateValue).toBe('OK');
    expect(after.MetricAlarms?.[0]?.StateReason).toContain('Threshold Crossed');
  });

  it('SetAlarmState ALARM fails a deployment watched by that alarm', async () => {
    emulator.setScenarios([{ alarm: 'manual', metric: 'latency-ms', threshold: 500 }]);
    await serviceWith('web', {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 60,
      alarms: { alarmNames: ['manual'], enable: true, rollback: true },
    });
    const arn = await deploy('web', 'shop/web:v2');
    await waitFor('bake', async () => (await describe1(arn)).lifecycleStage === 'BAKE_TIME');
    await cloudwatch.send(
      new SetAlarmStateCommand({ AlarmName: 'manual', StateValue: 'ALARM', StateReason: 'test' }),
    );
    await waitFor('rollback', async () => (await describe1(arn)).status === 'ROLLBACK_SUCCESSFUL');
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 2)).toEqual({ v1: 2 });
  });
});
