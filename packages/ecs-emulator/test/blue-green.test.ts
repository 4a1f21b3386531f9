// BLUE_GREEN through the real SDK: the new deploymentConfiguration members and their limits, green
// on the test listener first, production at once, blue kept through the bake, the switch back.
import {
  CreateServiceCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  InvalidParameterException,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import { createAppService, ecsClient, startTestEmulator, waitFor } from '../src/testing.js';
import { deploy, describeDeployment, LB, serviceWith, versions } from '../src/testing-strategies.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;

beforeAll(async () => {
  emulator = await startTestEmulator({ clockScale: 2000, tickMs: 5 });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('deploymentConfiguration of the native strategies', () => {
  it('echoes the strategy members on DescribeServices', async () => {
    const config: DeploymentConfiguration = {
      strategy: 'LINEAR',
      bakeTimeInMinutes: 15,
      linearConfiguration: { stepPercent: 12.5, stepBakeTimeInMinutes: 3 },
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true },
      lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }],
    };
    await serviceWith(ecs, 'web', config);
    const out = await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] }));
    expect(out.services![0]!.deploymentConfiguration).toMatchObject(config);
    expect(out.services![0]!.loadBalancers![0]!.advancedConfiguration).toEqual(LB.advancedConfiguration);
  });

  it.each([
    [{ strategy: 'PURPLE' }, "strategy must be one of ROLLING, BLUE_GREEN, LINEAR, CANARY, got 'PURPLE'."],
    [{ bakeTimeInMinutes: 1441 }, 'bakeTimeInMinutes must be an integer between 0 and 1440, got 1441.'],
    [
      { linearConfiguration: { stepPercent: 2 } },
      'linearConfiguration.stepPercent must be a multiple of 0.1 from 3.0',
    ],
    [
      { canaryConfiguration: { canaryPercent: 0 } },
      'canaryConfiguration.canaryPercent must be a multiple of 0.1 from 0.1',
    ],
    [
      { canaryConfiguration: { canaryPercent: 10.05 } },
      'canaryConfiguration.canaryPercent must be a multiple of 0.1',
    ],
    [{ lifecycleHooks: [{ targetType: 'PAUSE' }] }, 'lifecycleHooks[0].lifecycleStages must list'],
    [
      { lifecycleHooks: [{ lifecycleStages: ['POST_SCALE_UP'] }] },
      'lifecycleHooks[0].hookTargetArn is required',
    ],
    [
      { lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['BAKE_TIME'] }] },
      "lifecycleHooks[0].lifecycleStages: 'BAKE_TIME' is not one of",
    ],
    [
      {
        lifecycleHooks: [
          {
            targetType: 'PAUSE',
            lifecycleStages: ['PRE_SCALE_UP'],
            timeoutConfiguration: { timeoutInMinutes: 0 },
          },
        ],
      },
      'timeoutInMinutes must be an integer between 1 and 20160',
    ],
    [{ alarms: { alarmNames: ['a'], enable: true } }, 'alarms needs boolean members enable and rollback.'],
  ])('refuses %j', async (deploymentConfiguration, message) => {
    await createAppService(ecs, { service: 'web', image: 'shop/web:v1' });
    const update = ecs.send(
      new UpdateServiceCommand({
        cluster: 'apps',
        service: 'web',
        deploymentConfiguration: deploymentConfiguration as DeploymentConfiguration,
      }),
    );
    await expect(update).rejects.toThrow(InvalidParameterException);
    await expect(update).rejects.toThrow(message);
  });

  it('refuses a shifting strategy whose load balancer has no alternate target group', async () => {
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'none' })).catch(() => undefined);
    await createAppService(ecs, { service: 'web', image: 'shop/web:v1' });
    const { alternateTargetGroupArn: _, ...partial } = LB.advancedConfiguration;
    const update = ecs.send(
      new UpdateServiceCommand({
        cluster: 'apps',
        service: 'web',
        deploymentConfiguration: { strategy: 'BLUE_GREEN' },
        loadBalancers: [{ ...LB, advancedConfiguration: partial as typeof LB.advancedConfiguration }],
      }),
    );
    await expect(update).rejects.toThrow(
      'loadBalancers[0].advancedConfiguration.alternateTargetGroupArn is required for the BLUE_GREEN deployment strategy.',
    );
    const create = ecs.send(
      new CreateServiceCommand({
        cluster: 'apps',
        serviceName: 'api',
        taskDefinition: 'web',
        deploymentConfiguration: { strategy: 'CANARY' },
        loadBalancers: [{ targetGroupArn: LB.targetGroupArn, containerName: 'app', containerPort: 8080 }],
      }),
    );
    await expect(create).rejects.toThrow('loadBalancers[0].advancedConfiguration is required for the CANARY');
  });
});

describe('BLUE_GREEN deployments', () => {
  it('serves green on the test listener only, shifts production at once, bakes with blue alive, then cleans up', async () => {
    // A long bake (1.8 s real at x2000) so a loaded machine still samples it.
    await serviceWith(ecs, 'web', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 });
    const arn = await deploy(ecs, 'web', 'shop/web:v2');
    await waitFor('bake', async () => (await describeDeployment(ecs, arn)).lifecycleStage === 'BAKE_TIME');
    const baking = await describeDeployment(ecs, arn);
    expect(baking.status).toBe('IN_PROGRESS');
    expect(baking.targetServiceRevision?.requestedProductionTrafficWeight).toBe(100);
    expect(baking.sourceServiceRevisions?.[0]?.requestedProductionTrafficWeight).toBe(0);
    expect(baking.sourceServiceRevisions?.[0]?.runningTaskCount).toBe(2); // blue kept alive
    const described = await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] }));
    expect(described.services![0]!.deployments!.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE']);
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 6)).toEqual({ v2: 6 });
    expect(await versions(emulator.testListenerUrl('apps', 'web'), 3)).toEqual({ v2: 3 });
    await waitFor(
      'success',
      async () => (await describeDeployment(ecs, arn)).status === 'SUCCESSFUL',
      20_000,
    );
    expect((await describeDeployment(ecs, arn)).lifecycleStage).toBe('CLEAN_UP');
    const after = await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] }));
    expect(after.services![0]!.deployments!.map((d) => d.rolloutState)).toEqual(['COMPLETED']);
  });

  it('StopServiceDeployment during bake puts production traffic back on blue at once', async () => {
    await serviceWith(ecs, 'web', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 });
    const arn = await deploy(ecs, 'web', 'shop/web:v2');
    await waitFor('bake', async () => (await describeDeployment(ecs, arn)).lifecycleStage === 'BAKE_TIME');
    const asked = emulator.now();
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
    const answered = emulator.now();
    // The switch back happened while ECS answered the call, not after a drain.
    const startedAt = (await describeDeployment(ecs, arn)).rollback!.startedAt!.getTime();
    expect(startedAt).toBeGreaterThanOrEqual(Math.floor(asked));
    expect(startedAt).toBeLessThanOrEqual(Math.ceil(answered));
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 4)).toEqual({ v1: 4 });
    await waitFor(
      'rollback',
      async () => (await describeDeployment(ecs, arn)).status === 'ROLLBACK_SUCCESSFUL',
    );
  });

  it('a deployment started during the bake of another shifts from the version production is on', async () => {
    await serviceWith(ecs, 'web', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 });
    const first = await deploy(ecs, 'web', 'shop/web:v2');
    await waitFor('bake', async () => (await describeDeployment(ecs, first)).lifecycleStage === 'BAKE_TIME');
    const second = await deploy(ecs, 'web', 'shop/web:v3');
    expect((await describeDeployment(ecs, first)).status).toBe('STOPPED');
    // What the second shifts from, by the record (sampling now would race its shift at x2000).
    const source = (await describeDeployment(ecs, second)).sourceServiceRevisions?.[0]?.arn;
    const revisions = await ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [source!] }));
    expect(revisions.serviceRevisions?.[0]?.taskDefinition).toMatch(/\/web:2$/);
    await waitFor('bake', async () => (await describeDeployment(ecs, second)).lifecycleStage === 'BAKE_TIME');
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 3)).toEqual({ v3: 3 });
    const out = await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] }));
    expect(out.services![0]!.deployments!.map((d) => d.taskDefinition!.split('/').pop())).toEqual([
      'web:3',
      'web:2',
    ]);
  });

  it('a crashing green trips the breaker: blue never stopped serving, the deployment rolls back', async () => {
    emulator.setScenarios([{ image: '*:bad', behaviour: 'crash-on-start' }]);
    await serviceWith(ecs, 'web', {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 0,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
    const arn = await deploy(ecs, 'web', 'shop/web:bad');
    const done = await waitFor('rollback', async () => {
      const d = await describeDeployment(ecs, arn);
      return d.status === 'ROLLBACK_SUCCESSFUL' ? d : undefined;
    });
    expect(done.lifecycleStage).toBe('SCALE_UP');
    expect(done.rollback?.reason).toBe('ECS deployment circuit breaker: tasks failed to start.');
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 3)).toEqual({ v1: 3 });
  });
});
