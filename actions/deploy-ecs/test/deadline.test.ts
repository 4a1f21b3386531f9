// deploy-ecs deadlines (bundled dist): TIMED_OUT and rolled back, SIGINT mid-wait.
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
      { image: '*:stuck', slowStart: 10_000_000 },
      { image: '*:flaky', unhealthyAfter: 5 },
    ],
  });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

const deployImage = (service: string, image: string, inputs: Record<string, string>) =>
  deployStep(
    emulator,
    { service, 'task-definition': 'task-definition.json', ...inputs },
    { workspace: workspaceWith(service, image) },
  );

describe('deploy-ecs: deadlines, flapping health and cancellation', () => {
  it('a deployment still rolling at the deadline is TIMED_OUT and rolled back with StopServiceDeployment', async () => {
    const previous = await steadyService(ecs, 'stuck');
    const run = await deployImage('stuck', 'shop/stuck:stuck', { timeout: '10s' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('TIMED_OUT');
    expect(run.outputs['rolled-back']).toBe('true');
    const [outcome] = JSON.parse(run.outputs.services!);
    expect(outcome.rollback).toMatchObject({
      by: 'Shipline',
      method: 'StopServiceDeployment',
      rolloutState: 'COMPLETED',
    });
    const view = await describeService(ecs, 'stuck');
    expect(view.deployments!.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([
      [previous, 'COMPLETED'],
    ]);
  }, 40_000);

  // ECS calls the rollout COMPLETED before any task has failed (all healthy, old ones drained), so
  // whether a poll sees the failures depends on when it lands: at clock x400 the whole history takes
  // 200 ms. A bake window makes the verdict independent of that; the first DescribeServices answered
  // 0, 60 or 170 ms late (as on a loaded machine) lands before, in, and after the failures.
  it.each([0, 60, 170])(
    'tasks that pass health checks and then fail them: FAILED even though ECS says COMPLETED, rolled back (first look %i ms late)',
    async (lateMs) => {
      const service = `flaky${lateMs}`;
      const previous = await steadyService(ecs, service);
      if (lateMs > 0)
        emulator.setFaults([{ operation: 'DescribeServices', type: 'latency', latencyMs: lateMs, count: 2 }]);
      const run = await deployImage(service, `shop/${service}:flaky`, { timeout: '10s', 'bake-time': '2s' });
      emulator.setFaults([]);
      expect(run.exitCode).toBe(1);
      expect(run.outputs['rollout-state']).toBe('FAILED');
      expect(run.errors.join('\n')).toMatch(/failed container health checks/);
      expect(run.outputs['rolled-back']).toBe('true');
      expect((await describeService(ecs, service)).taskDefinition).toBe(previous);
    },
    40_000,
  );

  it('SIGINT mid-wait: stops waiting, reports the state reached and exits non-zero within 5 s', async () => {
    await steadyService(ecs, 'cancelled');
    // SIGINT once the wait has begun (a fixed delay could land in pre-flight on a loaded machine).
    const cancel = new AbortController();
    const started = performance.now();
    let cancelledAtMs = 0;
    let waiting = false;
    const run = await deployStep(
      emulator,
      { service: 'cancelled', 'task-definition': 'task-definition.json' },
      {
        workspace: workspaceWith('cancelled', 'shop/cancelled:stuck'),
        signal: cancel.signal,
        onLine: (_stage, _stream, line) => {
          if (!waiting && /IN_PROGRESS: 0\/2 running/.test(line)) {
            waiting = true;
            // The time SIGINT is sent is when the timer fires, however late on a busy machine.
            setTimeout(() => {
              cancelledAtMs = performance.now() - started;
              cancel.abort();
            }, 500);
          }
        },
      },
    );
    const main = run.stages.find((s) => s.stage === 'main')!;
    expect(main.cancelled).toBe(true);
    expect(main.exitCode).not.toBe(0);
    expect(main.signalsSent).toEqual(['SIGINT']);
    expect(main.durationMs - cancelledAtMs).toBeLessThan(5_000);
    expect(run.outputs['rollout-state']).toBe('CANCELLED');
    expect(run.errors.join('\n')).toMatch(/cancelled: IN_PROGRESS|CANCELLED/);
    expect(run.log).toMatch(/IN_PROGRESS: 0\/2 running, 2 pending/);
  }, 20_000);
});
