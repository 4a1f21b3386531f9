// deploy-ecs rolling back a native strategy (bundled dist, emulator at 20x): cancelled in ECS's
// bake, a traffic switch back to blue (StopServiceDeployment ROLLBACK); deployed with a rolling
// service whose alarm fires, returned with it by a new blue/green deployment of its previous revision.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { runAction } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { describeService, ecsClient, startTestEmulator, waitFor } from '@shipline/ecs-emulator/testing';
import { actionDir, deployStep, workspaceWith } from './support.js';
import { balancedService, served } from './strategy-support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator({ clockScale: 20 });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const newestServiceDeployment = async (service: string) => {
  const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'apps', service }));
  const arn = list.serviceDeployments![0]!.serviceDeploymentArn!;
  return (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
    .serviceDeployments![0]!;
};

describe('deploy-ecs: rolling back a native strategy', () => {
  it('cancelled during the bake: StopServiceDeployment ROLLBACK, production back on blue', async () => {
    await balancedService(ecs, 'web');
    const cancel = new AbortController();
    const step = runAction({
      actionDir,
      inputs: {
        cluster: 'apps',
        service: 'web',
        'task-definition': 'task-definition.json',
        strategy: 'blue-green',
        'bake-time': '60m',
        timeout: '2h',
      },
      env: emulator.env,
      workspace: workspaceWith('web', 'shop/web:v2'),
      signal: cancel.signal,
    });
    await waitFor(
      'the bake',
      async () => (await newestServiceDeployment('web')).lifecycleStage === 'BAKE_TIME',
      30_000,
    );
    expect(await served(emulator, 'web', 4)).toEqual({ v2: 4 });
    cancel.abort();
    const run = await step;
    expect(run.outputs['rollout-state']).toBe('CANCELLED');
    expect(run.outputs['rolled-back']).toBe('true');
    const [web] = JSON.parse(run.outputs.services!) as { cancel: string; rollback: { method: string } }[];
    expect(web!.rollback.method).toBe('StopServiceDeployment');
    expect(await served(emulator, 'web', 6)).toEqual({ v1: 6 });
    await waitFor(
      'ROLLBACK_SUCCESSFUL',
      async () => (await newestServiceDeployment('web')).status === 'ROLLBACK_SUCCESSFUL',
    );
  }, 60_000);

  it('deployed with a rolling service whose alarm fires: the blue/green one goes back by a new blue/green deployment', async () => {
    // One task definition serves both; only `back` watches the error-rate alarm, so only it fails.
    emulator.setScenarios([
      { image: '*:flaky', errorRate: 0.05 },
      { alarm: 'back-5xx', service: 'back', metric: 'error-rate', threshold: 0.01, after: 1 },
    ]);
    const v1 = await balancedService(ecs, 'front');
    await balancedService(ecs, 'back');
    const alarms = { alarmNames: ['back-5xx'], enable: true, rollback: false };
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'apps', service: 'back', deploymentConfiguration: { alarms } }),
    );
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'apps',
        service: 'front',
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 },
      }),
    );
    const run = await deployStep(
      emulator,
      { service: 'front, back', 'task-definition': 'task-definition.json', timeout: '30m', strategy: 'keep' },
      { workspace: workspaceWith('front', 'shop/front:flaky') },
    );
    expect(run.exitCode).toBe(1);
    const [front, back] = JSON.parse(run.outputs.services!) as {
      strategy: string;
      rolloutState: string;
      rollback: { method: string; rolloutState: string };
    }[];
    expect(back).toMatchObject({ strategy: 'ROLLING', rolloutState: 'FAILED' });
    expect(front).toMatchObject({ strategy: 'BLUE_GREEN', rolloutState: 'COMPLETED' });
    expect(front!.rollback).toMatchObject({ method: 'UpdateService', rolloutState: 'COMPLETED' });
    // The step's error (Slack's failure reason) names the service that went back with the failed one.
    expect(run.outputs['failure-reason']).toMatch(/front: COMPLETED; rolled back to front:\d+ by Shipline/);
    expect((await describeService(ecs, 'front')).taskDefinition).toBe(v1);
    expect(await newestServiceDeployment('front')).toMatchObject({
      status: 'SUCCESSFUL',
      lifecycleStage: 'CLEAN_UP',
    });
    expect(await served(emulator, 'front', 4)).toEqual({ v1: 4 });
  }, 90_000);
});
