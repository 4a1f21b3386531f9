// deploy-ecs failed rollouts (bundled dist): breaker with and without rollback, unhealthy tasks.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { describeService, ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { deployStep, steadyService, workspaceWith } from './support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator({
    scenarios: [
      { image: '*:crash', behaviour: 'crash-on-start', exitCode: 3 },
      { image: '*:sick', unhealthyAfter: 0 },
    ],
  });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

async function deployImage(service: string, image: string, inputs: Record<string, string> = {}) {
  const workspace = workspaceWith(service, image);
  return deployStep(
    emulator,
    { service, 'task-definition': 'task-definition.json', ...inputs },
    { workspace },
  );
}

/** The service runs the task definition it ran before, every task of it, and nothing else. */
async function expectBackOn(service: string, taskDefinition: string) {
  const view = await describeService(ecs, service);
  expect(view.deployments).toHaveLength(1);
  expect(view.deployments![0]!.taskDefinition).toBe(taskDefinition);
  expect(view.deployments![0]!.rolloutState).toBe('COMPLETED');
  expect(view.runningCount).toBe(view.desiredCount);
}

describe('deploy-ecs: failed rollouts are reported, explained and rolled back', () => {
  it('crash on start with breaker rollback: fails, names the exit code, waits for ECS to restore the old version', async () => {
    const previous = await steadyService(ecs, 'crash-rb', { rollback: true });
    const run = await deployImage('crash-rb', 'shop/crash-rb:crash');
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('FAILED');
    expect(run.outputs['rolled-back']).toBe('true');
    const [outcome] = JSON.parse(run.outputs.services!);
    expect(outcome.rollback).toMatchObject({
      by: 'ECS',
      rolloutState: 'COMPLETED',
      taskDefinitionArn: previous,
    });
    expect(run.errors.join('\n')).toMatch(/Essential container in task exited; app exit 3/);
    expect(run.errors.join('\n')).toMatch(/deployment failed: tasks failed to start/);
    expect(run.summary).toContain('Stopped tasks');
    const reasonLines = run.outputs['failure-reason']!.split('\n');
    expect(reasonLines[0]).toMatch(/^Deployment of crash-rb:\d+ did not complete/);
    expect(reasonLines[1]).toMatch(
      /^crash-rb: task \S+ \(crash-rb:\d+\): Essential container in task exited; app exit 3/,
    );
    expect(outcome.stoppedTasks.length).toBeGreaterThan(0);
    await expectBackOn('crash-rb', previous);
  });

  it('breaker without rollback: notices FAILED at once, rolls back itself, still fails the step', async () => {
    const previous = await steadyService(ecs, 'crash-norb', { rollback: false });
    const run = await deployImage('crash-norb', 'shop/crash-norb:crash');
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('FAILED');
    expect(run.outputs['rolled-back']).toBe('true');
    const [outcome] = JSON.parse(run.outputs.services!);
    expect(outcome.rollback).toMatchObject({
      by: 'Shipline',
      method: 'UpdateService',
      rolloutState: 'COMPLETED',
    });
    await expectBackOn('crash-norb', previous);
  });

  it('without rollback-on-failure: fails fast and leaves the FAILED deployment alone', async () => {
    await steadyService(ecs, 'crash-keep', { rollback: false });
    const run = await deployImage('crash-keep', 'shop/crash-keep:crash', { 'rollback-on-failure': 'false' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('FAILED');
    expect(run.outputs['rolled-back']).toBe('false');
    const view = await describeService(ecs, 'crash-keep');
    expect(view.deployments!.find((d) => d.status === 'PRIMARY')!.rolloutState).toBe('FAILED');
  });

  it('tasks that never pass health checks: FAILED by the breaker, rolled back', async () => {
    const previous = await steadyService(ecs, 'sick', { rollback: false });
    const run = await deployImage('sick', 'shop/sick:sick');
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('FAILED');
    expect(run.errors.join('\n')).toMatch(/health checks/);
    expect(run.outputs['rolled-back']).toBe('true');
    await expectBackOn('sick', previous);
  });
});
