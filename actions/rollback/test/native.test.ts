// The bundled rollback on a blue/green service (emulator at 20x): during ECS's bake it is a traffic
// switch (StopServiceDeployment ROLLBACK; production all on blue within seconds), after the bake a
// new blue/green deployment of the previous revision.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
  type DeploymentLifecycleHook,
  type ECSClient,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { runAction } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import {
  createAppService,
  describeService,
  ecsClient,
  registerApp,
  startTestEmulator,
  waitFor,
  waitForSteady,
} from '@shipline/ecs-emulator/testing';

const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const ELB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';
let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator({ clockScale: 20 });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** `web` on v1, blue/green with `bake` minutes, deploying v2: returns the v2 service deployment. */
async function deployingV2(
  bake: number,
  lifecycleHooks?: DeploymentLifecycleHook[],
): Promise<{ v1: string; v2: string; arn: string }> {
  const v1 = await createAppService(ecs, { service: 'web', image: 'shop/web:v1', desiredCount: 2 });
  await waitForSteady(ecs, 'web');
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'apps',
      service: 'web',
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: bake, lifecycleHooks },
      loadBalancers: [
        {
          targetGroupArn: `${ELB}:targetgroup/web-blue/1`,
          containerName: 'app',
          containerPort: 8080,
          advancedConfiguration: {
            alternateTargetGroupArn: `${ELB}:targetgroup/web-green/2`,
            productionListenerRule: `${ELB}:listener-rule/app/shop/1/2/prod`,
            roleArn: 'arn:aws:iam::123456789012:role/ecs-infrastructure',
          },
        },
      ],
    }),
  );
  const v2 = await registerApp(ecs, 'web', 'shop/web:v2');
  await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'web', taskDefinition: v2 }));
  const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'apps', service: 'web' }));
  return { v1, v2, arn: list.serviceDeployments![0]!.serviceDeploymentArn! };
}

const describe1 = async (arn: string): Promise<ServiceDeployment> =>
  (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
    .serviceDeployments![0]!;

async function versions(n = 6): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${emulator.loadBalancerUrl('apps', 'web')}/`);
    const version = res.headers.get('x-app-version') ?? String(res.status);
    seen[version] = (seen[version] ?? 0) + 1;
  }
  return seen;
}

const rollbackStep = () =>
  runAction({ actionDir, inputs: { cluster: 'apps', service: 'web', timeout: '2m' }, env: emulator.env });

describe('rollback on a blue/green service', () => {
  it('during the bake: a traffic switch back to blue (StopServiceDeployment ROLLBACK), followed to ROLLBACK_SUCCESSFUL', async () => {
    const { v1, v2, arn } = await deployingV2(60);
    await waitFor('bake', async () => (await describe1(arn)).lifecycleStage === 'BAKE_TIME', 20_000);
    expect(await versions()).toEqual({ v2: 6 });
    const started = Date.now();
    let allBlueAt: number | undefined;
    const sampling = (async () => {
      while (allBlueAt === undefined && Date.now() - started < 30_000) {
        if ((await versions(4)).v1 === 4) allBlueAt = Date.now();
      }
    })();
    const run = await rollbackStep();
    await sampling;
    expect(run.errors).toEqual([]);
    expect(run.outputs['rolled-back-from']).toBe(v2);
    expect(run.outputs['rolled-back-to']).toBe(v1);
    const [web] = JSON.parse(run.outputs.services!) as {
      strategy: string;
      method: string;
      rolloutState: string;
    }[];
    expect(web).toMatchObject({
      strategy: 'BLUE_GREEN',
      method: 'StopServiceDeployment',
      rolloutState: 'COMPLETED',
    });
    expect((await describe1(arn)).status).toBe('ROLLBACK_SUCCESSFUL');
    expect(await versions()).toEqual({ v1: 6 });
    // Node's start, pre-flight and the rollback target come before the switch: seconds, not minutes.
    expect(allBlueAt! - started).toBeLessThan(10_000);
  }, 60_000);

  it('after the bake: a new blue/green deployment of the previous revision', async () => {
    const { v1, arn } = await deployingV2(0);
    await waitFor('success', async () => (await describe1(arn)).status === 'SUCCESSFUL', 20_000);
    const run = await rollbackStep();
    expect(run.errors).toEqual([]);
    const [web] = JSON.parse(run.outputs.services!) as { method: string; rolloutState: string }[];
    expect(web).toMatchObject({ method: 'UpdateService', rolloutState: 'COMPLETED' });
    const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'apps', service: 'web' }));
    const newest = await describe1(list.serviceDeployments![0]!.serviceDeploymentArn!);
    expect(newest.status).toBe('SUCCESSFUL');
    expect(newest.lifecycleStage).toBe('CLEAN_UP');
    const service = await describeService(ecs, 'web');
    expect(service.taskDefinition).toBe(v1);
    expect(service.deploymentConfiguration?.strategy).toBe('BLUE_GREEN');
    expect(await versions()).toEqual({ v1: 6 });
  }, 60_000);
});

describe('rollback on a blue/green service with a PAUSE hook after test traffic', () => {
  it('after the bake: the new deployment of the previous revision is resumed at its hook, not left to time out', async () => {
    const { v1, arn } = await deployingV2(0, [
      {
        targetType: 'PAUSE',
        lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
        timeoutConfiguration: { timeoutInMinutes: 60 },
      },
    ]);
    const hookId = await waitFor(
      'the pause hook',
      async () =>
        (await describe1(arn)).lifecycleHookDetails?.find((h) => h.status === 'AWAITING_ACTION')?.hookId,
      20_000,
    );
    await ecs.send(
      new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action: 'CONTINUE' }),
    );
    await waitFor('success', async () => (await describe1(arn)).status === 'SUCCESSFUL', 20_000);
    const run = await rollbackStep();
    expect(run.errors).toEqual([]);
    const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'apps', service: 'web' }));
    const newest = await describe1(list.serviceDeployments![0]!.serviceDeploymentArn!);
    expect(newest.status).toBe('SUCCESSFUL');
    expect(newest.lifecycleHookDetails?.map((h) => h.status)).toEqual(['SUCCEEDED']);
    expect((await describeService(ecs, 'web')).taskDefinition).toBe(v1);
    expect(await versions()).toEqual({ v1: 6 });
  }, 60_000);
});
