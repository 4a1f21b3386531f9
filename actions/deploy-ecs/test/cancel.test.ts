// deploy-ecs on-cancel (bundled dist against the emulator): SIGINT with rollback or leave.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { runAction } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { describeService, ecsClient, startTestEmulator, waitFor } from '@shipline/ecs-emulator/testing';
import { actionDir, steadyService, workspaceWith } from './support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator({ scenarios: [{ image: '*:stuck', slowStart: 10_000_000 }] });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

/** The runner's grace between SIGINT and SIGTERM: the step must be gone before it ends. */
const GRACE_MS = 7_500;

/**
 * Deploys a release whose tasks never start and sends SIGINT once ECS shows its deployment
 * PRIMARY (so the step is waiting on it, whatever this machine's speed).
 */
async function cancelMidRollout(service: string, inputs: Record<string, string>) {
  const previous = await steadyService(ecs, service);
  const cancel = new AbortController();
  const step = runAction({
    actionDir,
    inputs: {
      cluster: 'apps',
      service,
      'task-definition': 'task-definition.json',
      ...inputs,
    },
    env: emulator.env,
    workspace: workspaceWith(service, `shop/${service}:stuck`),
    signal: cancel.signal,
  });
  const rolling = await waitFor('the new deployment to be PRIMARY', async () => {
    const primary = (await describeService(ecs, service)).deployments?.find((d) => d.status === 'PRIMARY');
    return primary && primary.taskDefinition !== previous ? primary : undefined;
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const stopsBefore = emulator.requestCount('StopServiceDeployment');
  const sentAt = Date.now();
  cancel.abort();
  const run = await step;
  const main = run.stages.find((s) => s.stage === 'main')!;
  return { run, main, previous, rolling, stopsBefore, exitedAfterMs: Date.now() - sentAt };
}

describe('deploy-ecs on-cancel (bundled dist against the emulator)', () => {
  it('rollback (default): SIGINT starts the rollback, reports it and exits non-zero within the grace', async () => {
    const { run, main, previous, stopsBefore, exitedAfterMs } = await cancelMidRollout('undo', {});
    expect(main.cancelled).toBe(true);
    expect(main.exitCode).not.toBe(0);
    expect(main.signalsSent).toEqual(['SIGINT']);
    expect(exitedAfterMs).toBeLessThan(GRACE_MS);
    expect(run.outputs['rollout-state']).toBe('CANCELLED');
    expect(run.outputs['rolled-back']).toBe('true');
    const [outcome] = JSON.parse(run.outputs.services!);
    expect(outcome.rollback).toMatchObject({
      by: 'Shipline',
      method: 'StopServiceDeployment',
      taskDefinitionArn: previous,
      rolloutState: 'IN_PROGRESS',
    });
    expect(outcome.cancel).toMatch(
      /^rollback to undo:1 started \(stopped service deployment \S+ with ROLLBACK\)/,
    );
    expect(emulator.requestCount('StopServiceDeployment')).toBe(stopsBefore + 1);
    expect(run.summary).toMatch(
      /Cancelled while waiting \(on-cancel: rollback\):\*\*\n- undo: rollback to undo:1 started/,
    );
    // ECS carries the rollback on after the step has gone.
    await waitFor('the service to be back on undo:1', async () => {
      const view = await describeService(ecs, 'undo');
      return view.deployments?.length === 1 && view.deployments[0]!.taskDefinition === previous;
    });
  }, 30_000);

  it('cancelled between UpdateService calls: the service already updated gets its rollback started', async () => {
    const first = await steadyService(ecs, 'pair-a');
    await steadyService(ecs, 'pair-b');
    const updates = emulator.requestCount('UpdateService');
    // The second UpdateService is never answered: the step hangs there until the cancel.
    emulator.setFaults([{ operation: 'UpdateService', type: 'silent', every: 2 }]);
    const cancel = new AbortController();
    try {
      const step = runAction({
        actionDir,
        inputs: { cluster: 'apps', service: 'pair-a, pair-b', 'task-definition': 'task-definition.json' },
        env: emulator.env,
        workspace: workspaceWith('pair-a', 'shop/pair-a:stuck'),
        signal: cancel.signal,
      });
      await waitFor(
        'the second UpdateService call',
        () => emulator.requestCount('UpdateService') === updates + 2,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const sentAt = Date.now();
      cancel.abort();
      const run = await step;
      expect(Date.now() - sentAt).toBeLessThan(GRACE_MS);
      expect(run.outputs['rollout-state']).toBe('CANCELLED');
      const services = JSON.parse(run.outputs.services!);
      expect(services.map((s: { service: string }) => s.service)).toEqual(['pair-a']);
      expect(services[0].cancel).toMatch(/^rollback to pair-a:1 started/);
      expect(run.warnings.join('\n')).toMatch(/pair-b: cancelled during its UpdateService call/);
    } finally {
      emulator.setFaults([]);
    }
    await waitFor('pair-a to be back on pair-a:1', async () => {
      const view = await describeService(ecs, 'pair-a');
      return view.deployments?.length === 1 && view.deployments[0]!.taskDefinition === first;
    });
  }, 30_000);

  it('leave: SIGINT leaves the new deployment rolling and says so', async () => {
    const before = emulator.requestCount('UpdateService');
    const { run, main, rolling, stopsBefore, exitedAfterMs } = await cancelMidRollout('keep', {
      'on-cancel': 'leave',
    });
    expect(main.exitCode).not.toBe(0);
    expect(main.signalsSent).toEqual(['SIGINT']);
    expect(exitedAfterMs).toBeLessThan(GRACE_MS);
    expect(run.outputs['rollout-state']).toBe('CANCELLED');
    expect(run.outputs['rolled-back']).toBe('false');
    const [outcome] = JSON.parse(run.outputs.services!);
    expect(outcome.rollback).toBeNull();
    expect(outcome.cancel).toBe(
      `left as it is (on-cancel: leave): deployment ${rolling.id} of keep:2 continues; nobody follows it now`,
    );
    expect(run.log).toContain(`deployment ${rolling.id} of keep:2 continues`);
    expect(run.summary).toContain('Cancelled while waiting (on-cancel: leave)');
    expect(emulator.requestCount('StopServiceDeployment')).toBe(stopsBefore);
    expect(emulator.requestCount('UpdateService')).toBe(before + 1);
    const primary = (await describeService(ecs, 'keep')).deployments!.find((d) => d.status === 'PRIMARY')!;
    expect([primary.id, primary.rolloutState]).toEqual([rolling.id, 'IN_PROGRESS']);
  }, 30_000);
});
