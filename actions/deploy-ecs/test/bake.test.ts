// deploy-ecs bake-time (bundled dist against the emulator): failing, passing, superseded and cancelled bakes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import {
  describeService,
  ecsClient,
  SimClock,
  startTestEmulator,
  TEST_CLOCK_SCALE,
  waitFor,
} from '@shipline/ecs-emulator/testing';
import { findStoppedTasks } from '@shipline/ecs';
import { cancelOnLine, runAction, type RunActionOptions } from '@shipline/action-harness';
import { actionDir, deployStep, steadyService, workspaceWith } from './support.js';

// Margins, in real time (the action's clock) against simulated time (the emulator's, x400): deploy-ecs
// sees COMPLETED about 1 s after UpdateService; a `:sours` task turns unhealthy 8 s after it served;
// the bake watches for 30 s. A loaded machine that is 4x slower still gives the same verdicts.
const SOURS_AFTER_REAL_MS = 8_000;
/** The tests' x400 simulated time, which a test holds still until deploy-ecs has seen COMPLETED. */
const clock = new SimClock(TEST_CLOCK_SCALE);
let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator({
    clock,
    scenarios: [{ image: '*:sours', unhealthyAfter: (SOURS_AFTER_REAL_MS / 1000) * TEST_CLOCK_SCALE }],
  });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

const deployImage = (
  service: string,
  image: string,
  inputs: Record<string, string>,
  onLine?: RunActionOptions['onLine'],
) =>
  deployStep(
    emulator,
    { service, 'task-definition': 'task-definition.json', timeout: '1m', ...inputs },
    { workspace: workspaceWith(service, image), onLine },
  );

/**
 * A line deploy-ecs logs (one containing `text`), as an onLine for the step and a promise: a test
 * acts on the bake once deploy-ecs has got there, however long this machine takes, instead of a
 * fixed time after COMPLETED.
 */
function whenLogged(text: string) {
  let seen = () => {};
  const logged = new Promise<void>((resolve) => {
    seen = resolve;
  });
  const onLine: NonNullable<RunActionOptions['onLine']> = (_stage, _stream, line) => {
    if (line.includes(text)) seen();
  };
  return { onLine, logged };
}
/** deploy-ecs's first bake progress line for `service`: the bake has begun and its first look was answered. */
const firstBakeLook = (service: string) => whenLogged(`[${service}] bake: `);

const primaryOf = async (service: string) =>
  (await describeService(ecs, service)).deployments!.find((d) => d.status === 'PRIMARY')!;

describe('deploy-ecs: bake-time', () => {
  it('a release that turns unhealthy after COMPLETED fails during the bake and is rolled back', async () => {
    const previous = await steadyService(ecs, 'sour');
    // Simulated time stands still from COMPLETED until deploy-ecs starts its bake, so the tasks cannot
    // turn unhealthy before it looks, however slow this machine is.
    let held = false;
    const running = deployStep(
      emulator,
      { service: 'sour', 'task-definition': 'task-definition.json', timeout: '1m', 'bake-time': '30s' },
      {
        workspace: workspaceWith('sour', 'shop/sour:sours'),
        onLine: (_stage, _stream, text) => {
          if (held && text.includes('bake 30s: ECS no longer watches')) {
            held = false;
            clock.release();
          }
        },
      },
    );
    await waitFor('the sour deployment to complete', async () => {
      const primary = await primaryOf('sour');
      return primary.taskDefinition !== previous && primary.rolloutState === 'COMPLETED';
    });
    clock.hold();
    held = true;
    const run = await running.finally(() => {
      if (held) clock.release();
      held = false;
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('FAILED');
    expect(run.outputs['rolled-back']).toBe('true');
    const [outcome] = JSON.parse(run.outputs.services!);
    expect(outcome.reason).toMatch(
      /^during bake: task \w+ \(sour:2\): Task failed container health checks; app exit 0$/,
    );
    expect(outcome.bake).toMatchObject({ durationMs: 30_000, state: 'failed' });
    expect(outcome.bake.watchedMs).toBeLessThan(30_000);
    // COMPLETED, so not in progress any more: the rollback is an UpdateService to the previous revision.
    expect(outcome.rollback).toMatchObject({
      by: 'Shipline',
      method: 'UpdateService',
      taskDefinitionArn: previous,
      rolloutState: 'COMPLETED',
    });
    expect((await describeService(ecs, 'sour')).taskDefinition).toBe(previous);
    expect(run.log).toMatch(/bake 30s: ECS no longer watches a COMPLETED deployment; following sour until/);
    expect(run.log).toMatch(/\[sour\] bake: 2\/2 running, 0 stopped \(\d+(\.\d)?s of 30s left\)/);
    expect(run.warnings.join('\n')).toMatch(/\[sour\] bake 30s: .*FAILED after [\d.]+s: during bake: task/);
    expect(run.errors.join('\n')).toMatch(/sour: FAILED \(during bake: task \w+/);
    expect(run.summary).toMatch(/\| sour \| 30s \| [\d.]+s \| failed: during bake: task \w+/);
  }, 60_000);

  it('a healthy release is COMPLETED after the whole bake window', async () => {
    await steadyService(ecs, 'sweet');
    const run = await deployImage('sweet', 'shop/sweet:v2', { 'bake-time': '3s' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['rollout-state']).toBe('COMPLETED');
    const [outcome] = JSON.parse(run.outputs.services!);
    expect(outcome.bake).toMatchObject({
      durationMs: 3_000,
      state: 'passed',
      seen: '2/2 running, 0 stopped',
    });
    expect(outcome.bake.watchedMs).toBeGreaterThanOrEqual(3_000);
    expect(Number(run.outputs['duration-seconds'])).toBeGreaterThanOrEqual(3);
    expect(run.log).toContain('[sweet] bake 3s: 2/2 running, 0 stopped, healthy');
    expect(run.summary).toMatch(/\| bake +\| window +\| watched +\| result +\| seen/);
    expect(run.summary).toMatch(/\| sweet \| 3s +\| 3(\.\d)?s +\| healthy \| 2\/2 running, 0 stopped \|/);
  }, 30_000);

  it('without a bake (bake-time 0, the default) the same release is reported COMPLETED, and turns bad afterwards', async () => {
    await steadyService(ecs, 'unbaked');
    const run = await deployImage('unbaked', 'shop/unbaked:sours', {});
    expect(run.exitCode).toBe(0);
    expect(run.outputs['rollout-state']).toBe('COMPLETED');
    expect(JSON.parse(run.outputs.services!)[0].bake).toBeNull();
    expect(run.log).not.toMatch(/ECS no longer watches|\] bake/);
    // What the bake exists for: the release ECS called COMPLETED then fails its health checks.
    const deploymentId = run.outputs['deployment-id']!;
    const [stopped] = await waitFor(
      'a task of the unbaked release to fail its health checks',
      async () => {
        const tasks = await findStoppedTasks(ecs, { cluster: 'apps', service: 'unbaked', deploymentId });
        return tasks.length > 0 ? tasks : undefined;
      },
      SOURS_AFTER_REAL_MS * 3,
    );
    expect(stopped!.stoppedReason).toBe('Task failed container health checks');
    expect(await primaryOf('unbaked')).toMatchObject({ id: deploymentId, rolloutState: 'COMPLETED' });
  }, 60_000);

  it('a newer deployment during the bake makes it SUPERSEDED, not a success, and nothing is rolled back', async () => {
    await steadyService(ecs, 'overtaken');
    const baking = firstBakeLook('overtaken');
    const running = deployImage('overtaken', 'shop/overtaken:v2', { 'bake-time': '30s' }, baking.onLine);
    const ours = await waitFor(
      'our deployment to complete',
      async () => {
        const primary = await primaryOf('overtaken');
        return primary.taskDefinition?.endsWith(':2') && primary.rolloutState === 'COMPLETED'
          ? primary
          : undefined;
      },
      20_000,
    );
    await Promise.race([baking.logged, running]); // inside the bake (30 s), which has looked once
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'apps', service: 'overtaken', forceNewDeployment: true }),
    );
    const run = await running;
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('SUPERSEDED');
    expect(run.outputs['rolled-back']).toBe('false');
    const [outcome] = JSON.parse(run.outputs.services!);
    expect(outcome.reason).toMatch(
      new RegExp(`^during bake: deployment ${ours.id} is no longer (PRIMARY|on the service)`),
    );
    expect(outcome.bake.state).toBe('superseded');
    expect((await primaryOf('overtaken')).id).not.toBe(ours.id);
  }, 60_000);

  it('cancelled during the bake: CANCELLED, and on-cancel rollback returns the service with UpdateService', async () => {
    const previous = await steadyService(ecs, 'interrupted');
    // Cancelled once the bake (a minute) has looked, however long deploy-ecs takes to see COMPLETED.
    const cancel = cancelOnLine(/\[interrupted\] bake: /);
    const run = await runAction({
      actionDir,
      inputs: {
        cluster: 'apps',
        service: 'interrupted',
        'task-definition': 'task-definition.json',
        'bake-time': '1m',
      },
      env: emulator.env,
      workspace: workspaceWith('interrupted', 'shop/interrupted:v2'),
      ...cancel,
    });
    expect(run.stages.find((s) => s.stage === 'main')!.cancelled).toBe(true);
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs['rollout-state']).toBe('CANCELLED');
    const [outcome] = JSON.parse(run.outputs.services!);
    expect(outcome.bake).toMatchObject({
      state: 'cancelled',
      reason: 'the run was cancelled during the bake',
    });
    expect(outcome.rollback).toMatchObject({ method: 'UpdateService', taskDefinitionArn: previous });
    await waitFor('the service to be back on its previous revision', async () => {
      const view = await describeService(ecs, 'interrupted');
      return view.deployments?.length === 1 && view.deployments[0]!.taskDefinition === previous;
    });
  }, 60_000);

  it('ECS silent during the bake: TIMED_OUT naming the call, by the end of the window + 10 s, and rolled back', async () => {
    const previous = await steadyService(ecs, 'muted');
    const baking = firstBakeLook('muted');
    const verdict = whenLogged('[muted] bake 15s: ');
    const running = deployImage('muted', 'shop/muted:v2', { 'bake-time': '15s' }, (...line) => {
      baking.onLine(...line);
      verdict.onLine(...line);
    });
    await waitFor('our deployment to complete', async () => {
      const primary = await primaryOf('muted');
      return primary.taskDefinition !== previous && primary.rolloutState === 'COMPLETED';
    });
    // Silent from the bake's first answered look until the bake gives up (its hard stop: the window
    // + 10 s), then answering again for the rollback: what deploy-ecs logs, not a time, ends it.
    await Promise.race([baking.logged, running]);
    emulator.setFaults([{ operation: 'DescribeServices', type: 'silent' }]);
    void verdict.logged.then(() => emulator.setFaults([]));
    const run = await running;
    emulator.setFaults([]);
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('TIMED_OUT');
    const [outcome] = JSON.parse(run.outputs.services!);
    expect(outcome.reason).toMatch(
      /^during bake: ECS did not answer DescribeServices to 127\.0\.0\.1:\d+; the deployment was last seen [\d.]+m?s into the 15s window$/,
    );
    expect(outcome.bake).toMatchObject({ state: 'timed-out' });
    expect(outcome.rollback).toMatchObject({ method: 'UpdateService', taskDefinitionArn: previous });
    // Whatever ECS does, the bake ends by its window's end + 10 s.
    expect(outcome.bake.watchedMs).toBeLessThanOrEqual(15_000 + 10_000 + 500);
    expect((await describeService(ecs, 'muted')).taskDefinition).toBe(previous);
  }, 90_000);

  it('bake-time with wait: false is refused before any AWS call', async () => {
    const before = emulator.requestCount();
    const run = await deployImage('sweet', 'shop/sweet:v3', { 'bake-time': '2m', wait: 'false' });
    expect(run.exitCode).toBe(1);
    const error = run.commands.find(
      (c) => c.command === 'error' && c.properties.title === 'Bad input: bake-time',
    );
    expect(error?.message).toMatch(/needs wait: true/);
    expect(emulator.requestCount()).toBe(before);
  }, 20_000);
});
