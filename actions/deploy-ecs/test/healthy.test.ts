// deploy-ecs healthy rollout (bundled dist against the emulator): COMPLETED once the new version serves.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { expectNoLeaks } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { describeService, ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { deployStep, steadyService, workspaceWith } from './support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator();
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

describe('deploy-ecs: healthy rollouts (bundled dist against the emulator)', () => {
  it('registers, deploys and reports COMPLETED once the new version serves', async () => {
    const previous = await steadyService(ecs, 'web');
    const workspace = workspaceWith('web', 'shop/web:v2');
    const run = await deployStep(
      emulator,
      { service: 'web', 'task-definition': 'task-definition.json' },
      { workspace },
    );
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['rollout-state']).toBe('COMPLETED');
    expect(run.outputs['failure-reason']).toBe('');
    expect(run.outputs['rolled-back']).toBe('false');
    expect(run.outputs['previous-task-definition-arn']).toBe(previous);
    expect(run.outputs['task-definition-arn']).toMatch(/task-definition\/web:2$/);
    const service = await describeService(ecs, 'web');
    expect(service.deployments).toHaveLength(1);
    expect(service.deployments![0]!.id).toBe(run.outputs['deployment-id']);
    expect(service.deployments![0]!.taskDefinition).toBe(run.outputs['task-definition-arn']);
    expect(service.runningCount).toBe(2);
    expect(run.summary).toContain('COMPLETED');
    expect(run.log).toContain('deployment completed');
    expectNoLeaks(run);
  });
});
