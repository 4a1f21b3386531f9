// Lifecycle hooks through the real SDK: PAUSE hooks wait for ContinueServiceDeployment (CONTINUE or
// ROLLBACK), AWAITING_ACTION until then; AWS_LAMBDA hooks answer as the scenario's hook rules say;
// both time out with their timeout action.
import {
  ContinueServiceDeploymentCommand,
  InvalidParameterException,
  ServiceDeploymentNotFoundException,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import { ecsClient, startTestEmulator, waitFor } from '../src/testing.js';
import { deploy, describeDeployment, serviceWith, versions } from '../src/testing-strategies.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
const SMOKE = 'arn:aws:lambda:us-east-1:123456789012:function:smoke';

beforeAll(async () => {
  emulator = await startTestEmulator({ clockScale: 2000, tickMs: 5 });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const pauseAfterTest = {
  strategy: 'BLUE_GREEN' as const,
  bakeTimeInMinutes: 0,
  lifecycleHooks: [{ targetType: 'PAUSE' as const, lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT' as const] }],
};

async function pausedHook(arn: string) {
  return waitFor('pause', async () => {
    const d = await describeDeployment(ecs, arn);
    return d.lifecycleHookDetails?.[0]?.status === 'AWAITING_ACTION' ? d : undefined;
  });
}

describe('PAUSE hooks', () => {
  it('hold the deployment with green on the test listener; ROLLBACK leaves production on blue', async () => {
    await serviceWith(ecs, 'web', pauseAfterTest);
    const arn = await deploy(ecs, 'web', 'shop/web:v2');
    const paused = await pausedHook(arn);
    expect(paused.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
    expect(paused.lifecycleHookDetails![0]).toMatchObject({ targetType: 'PAUSE', timeoutAction: 'ROLLBACK' });
    expect(paused.lifecycleHookDetails![0]!.hookId).toMatch(/^ecs-pause-/);
    expect(paused.targetServiceRevision?.requestedTestTrafficWeight).toBe(100);
    expect(await versions(emulator.testListenerUrl('apps', 'web'), 2)).toEqual({ v2: 2 });
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 2)).toEqual({ v1: 2 });
    const hookId = paused.lifecycleHookDetails![0]!.hookId!;
    await ecs.send(
      new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action: 'ROLLBACK' }),
    );
    await waitFor(
      'rollback',
      async () => (await describeDeployment(ecs, arn)).status === 'ROLLBACK_SUCCESSFUL',
    );
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 2)).toEqual({ v1: 2 });
  });

  it('CONTINUE (the default action) goes on to production; a second continue is refused', async () => {
    await serviceWith(ecs, 'web', pauseAfterTest);
    const arn = await deploy(ecs, 'web', 'shop/web:v2');
    const hookId = (await pausedHook(arn)).lifecycleHookDetails![0]!.hookId!;
    await ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId }));
    await waitFor('success', async () => (await describeDeployment(ecs, arn)).status === 'SUCCESSFUL');
    expect((await describeDeployment(ecs, arn)).lifecycleHookDetails![0]!.status).toBe('SUCCEEDED');
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 2)).toEqual({ v2: 2 });
    await expect(
      ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId })),
    ).rejects.toThrow(InvalidParameterException);
    await expect(
      ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: `${arn}x`, hookId })),
    ).rejects.toThrow(ServiceDeploymentNotFoundException);
  });

  it('time out with their timeout action', async () => {
    await serviceWith(ecs, 'web', {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 0,
      lifecycleHooks: [
        {
          targetType: 'PAUSE',
          lifecycleStages: ['PRE_SCALE_UP'],
          timeoutConfiguration: { timeoutInMinutes: 1, action: 'CONTINUE' },
        },
      ],
    });
    const arn = await deploy(ecs, 'web', 'shop/web:v2');
    await waitFor('success', async () => (await describeDeployment(ecs, arn)).status === 'SUCCESSFUL');
    expect((await describeDeployment(ecs, arn)).lifecycleHookDetails![0]!.status).toBe('TIMED_OUT');
  });
});

describe('AWS_LAMBDA hooks', () => {
  it('roll the deployment back when the function answers FAILED', async () => {
    emulator.setScenarios([{ hook: '*:function:smoke', result: 'fail', after: 30 }]);
    await serviceWith(ecs, 'web', {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 0,
      lifecycleHooks: [
        {
          hookTargetArn: SMOKE,
          roleArn: 'arn:aws:iam::123456789012:role/hook',
          lifecycleStages: ['POST_SCALE_UP'],
        },
      ],
    });
    const arn = await deploy(ecs, 'web', 'shop/web:v2');
    const running = await waitFor('hook', async () => {
      const d = await describeDeployment(ecs, arn);
      return d.lifecycleHookDetails?.[0] ? d : undefined;
    });
    expect(running.lifecycleHookDetails![0]).toMatchObject({ targetType: 'AWS_LAMBDA', targetArn: SMOKE });
    const done = await waitFor('rollback', async () => {
      const d = await describeDeployment(ecs, arn);
      return d.status === 'ROLLBACK_SUCCESSFUL' ? d : undefined;
    });
    expect(done.lifecycleHookDetails?.[0]?.status).toBe('FAILED');
    expect(done.rollback?.reason).toBe(`The lifecycle hook ${SMOKE} at POST_SCALE_UP failed.`);
  });

  it('run at every production traffic step and let the deployment go on when they succeed', async () => {
    emulator.setScenarios([{ hook: '*:function:smoke', result: 'succeed', after: 10 }]);
    await serviceWith(ecs, 'web', {
      strategy: 'LINEAR',
      bakeTimeInMinutes: 0,
      linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 },
      lifecycleHooks: [{ hookTargetArn: SMOKE, lifecycleStages: ['PRODUCTION_TRAFFIC_SHIFT'] }],
    });
    const arn = await deploy(ecs, 'web', 'shop/web:v2');
    await waitFor('success', async () => (await describeDeployment(ecs, arn)).status === 'SUCCESSFUL');
    const hooks = (await describeDeployment(ecs, arn)).lifecycleHookDetails!;
    expect(hooks.map((h) => h.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });
});
