// deploy-ecs rolling back a native strategy (bundled dist, emulator at 20x): cancelled in ECS's
// bake, a traffic switch back to blue (StopServiceDeployment ROLLBACK). After the bake, the way back
// (a new deployment with the service's strategy) is the rollback action's test (actions/rollback).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { runAction } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsClient, startTestEmulator, waitFor } from '@shipline/ecs-emulator/testing';
import { actionDir, workspaceWith } from './support.js';
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
});
