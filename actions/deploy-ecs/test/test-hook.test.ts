// deploy-ecs verifying green before production (bundled dist against the emulator): a blue/green or
// canary deploy with `until: test-traffic` stops at the service's PAUSE hook after the test traffic
// shift (green on the test listener, production all on blue), and a second step resumes it with
// `continue-hooks`: CONTINUE moves production to green, ROLLBACK ends with production never having
// answered from green (sampled throughout). Inputs it cannot take are refused before any change.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { describeService, ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { versions } from '@shipline/ecs-emulator/testing-strategies';
import { deployStep, workspaceWith } from './support.js';
import { balancedService, balancer, NOT_TEST, PAUSE_AFTER_TEST, pausingService } from './strategy-support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
// 20x ECS time, as the other strategy tests: each stage lasts long enough for the step's polls.
beforeAll(async () => {
  emulator = await startTestEmulator({ clockScale: 20 });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const pausing = (name: string, strategy: 'BLUE_GREEN' | 'CANARY') =>
  pausingService(ecs, name, { strategy, bakeTimeInMinutes: 1 });

const toTestHook = (service: string, image: string, more: Record<string, string> = {}) =>
  deployStep(
    emulator,
    {
      service,
      'task-definition': 'task-definition.json',
      timeout: '30m',
      until: 'test-traffic',
      'test-url': emulator.testListenerUrl('apps', service),
      ...more,
    },
    { workspace: workspaceWith(service, image), env: NOT_TEST },
  );

const resume = (service: string, hooks: string, action: 'continue' | 'rollback') =>
  deployStep(
    emulator,
    { service, 'continue-hooks': hooks, 'hook-action': action, timeout: '30m' },
    { env: NOT_TEST },
  );

/** Samples the production listener until stopped; returns how often each version answered. */
function sampleProduction(service: string) {
  const seen: Record<string, number> = {};
  let running = true;
  const done = (async () => {
    while (running)
      Object.assign(seen, add(seen, await versions(emulator.loadBalancerUrl('apps', service), 1)));
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return seen;
    },
  };
}
const add = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(
    [...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, (a[k] ?? 0) + (b[k] ?? 0)]),
  );

describe('deploy-ecs: stop at the test hook, then continue or roll back', () => {
  it('blue-green: stops with green on the test listener only, hands on the hook; CONTINUE moves production to green', async () => {
    await pausing('web', 'BLUE_GREEN');
    const first = await toTestHook('web', 'shop/web:v2');
    expect(first.exitCode).toBe(0);
    expect(first.outputs['rollout-state']).toBe('IN_PROGRESS');
    expect(first.outputs['hook-id']).toMatch(/^ecs-pause-/);
    expect(first.outputs['test-url']).toBe(emulator.testListenerUrl('apps', 'web'));
    const [hook] = JSON.parse(first.outputs.hooks!) as Record<string, string>[];
    expect(hook).toMatchObject({ cluster: 'apps', service: 'web', hookId: first.outputs['hook-id'] });
    expect(first.summary).toContain('Waiting at the test hook');
    expect(await versions(first.outputs['test-url']!, 6)).toEqual({ v2: 6 });
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 10)).toEqual({ v1: 10 });

    const second = await resume('web', first.outputs.hooks!, 'continue');
    expect(second.exitCode).toBe(0);
    expect(second.outputs['rollout-state']).toBe('COMPLETED');
    expect(second.log).toMatch(/ContinueServiceDeployment CONTINUE at POST_TEST_TRAFFIC_SHIFT/);
    expect(await versions(emulator.loadBalancerUrl('apps', 'web'), 10)).toEqual({ v2: 10 });
    expect((await describeService(ecs, 'web')).taskDefinition).toBe(first.outputs['task-definition-arn']);
  }, 90_000);

  it('blue-green: ROLLBACK at the hook fails the step, and production never answered from green', async () => {
    await pausing('shop', 'BLUE_GREEN');
    const production = sampleProduction('shop');
    const first = await toTestHook('shop', 'shop/shop:bad');
    expect(first.exitCode).toBe(0);
    expect(await versions(first.outputs['test-url']!, 4)).toEqual({ bad: 4 });
    const second = await resume('shop', first.outputs.hooks!, 'rollback');
    const seen = await production.stop();
    expect(second.exitCode).toBe(1);
    expect(second.outputs['rollout-state']).toBe('FAILED');
    expect(second.outputs['rolled-back']).toBe('true');
    expect(second.outputs['failure-reason']).toMatch(/rolled back at the test hook/);
    expect(seen.bad).toBeUndefined();
    expect(seen.v1).toBeGreaterThan(0);
    expect(await versions(emulator.loadBalancerUrl('apps', 'shop'), 10)).toEqual({ v1: 10 });
    expect(await versions(emulator.testListenerUrl('apps', 'shop'), 4)).toEqual({ v1: 4 });
    const [services] = JSON.parse(second.outputs.services!) as { rollback: Record<string, string> }[];
    expect(services!.rollback).toMatchObject({
      method: 'ContinueServiceDeployment',
      rolloutState: 'COMPLETED',
    });
  }, 90_000);

  it('canary: stops at the hook before the canary gets production traffic; CONTINUE runs the canary to the end', async () => {
    await pausing('bird', 'CANARY');
    const first = await toTestHook('bird', 'shop/bird:v2', { 'canary-percent': '10', 'canary-bake': '1m' });
    expect(first.exitCode).toBe(0);
    expect(await versions(emulator.loadBalancerUrl('apps', 'bird'), 10)).toEqual({ v1: 10 });
    const second = await resume('bird', first.outputs.hooks!, 'continue');
    expect(second.exitCode).toBe(0);
    const [bird] = JSON.parse(second.outputs.services!) as { timeline: { productionGreen?: number }[] }[];
    expect(bird!.timeline.map((m) => m.productionGreen)).toEqual(expect.arrayContaining([10, 100]));
    expect(await versions(emulator.loadBalancerUrl('apps', 'bird'), 10)).toEqual({ v2: 10 });
  }, 90_000);

  it('refuses until: test-traffic before any change on a service with no PAUSE hook or no test listener', async () => {
    await balancedService(ecs, 'plain');
    const before = (await describeService(ecs, 'plain')).taskDefinition;
    const run = await toTestHook('plain', 'shop/plain:v2', { strategy: 'blue-green' });
    expect(run.exitCode).toBe(1);
    expect(run.log).toMatch(
      /##\[error\]Input 'until' needs a PAUSE lifecycle hook at POST_TEST_TRAFFIC_SHIFT/,
    );
    await balancedService(ecs, 'bare');
    const { testListenerRule, ...noTestListener } = balancer('bare').advancedConfiguration;
    expect(testListenerRule).toBeDefined();
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'apps',
        service: 'bare',
        loadBalancers: [{ ...balancer('bare'), advancedConfiguration: noTestListener }],
        deploymentConfiguration: { strategy: 'BLUE_GREEN', lifecycleHooks: [PAUSE_AFTER_TEST] },
      }),
    );
    const bare = await toTestHook('bare', 'shop/bare:v2');
    expect(bare.exitCode).toBe(1);
    expect(bare.log).toMatch(/##\[error\]Input 'until' needs a test listener/);
    expect((await describeService(ecs, 'plain')).taskDefinition).toBe(before);
    expect((await describeService(ecs, 'bare')).deployments).toHaveLength(1);
  }, 60_000);

  it('refuses until: completed on a service whose PAUSE hook after test traffic nobody would resume', async () => {
    await pausing('held', 'BLUE_GREEN');
    const before = (await describeService(ecs, 'held')).taskDefinition;
    const run = await deployStep(
      emulator,
      { service: 'held', 'task-definition': 'task-definition.json', timeout: '30m' },
      { workspace: workspaceWith('held', 'shop/held:v2'), env: NOT_TEST },
    );
    expect(run.exitCode).toBe(1);
    expect(run.log).toMatch(
      /##\[error\]Input 'until' completed cannot follow held to its end: its PAUSE lifecycle hook/,
    );
    expect((await describeService(ecs, 'held')).taskDefinition).toBe(before);
  }, 60_000);

  it('refuses continue-hooks of another service, or alongside a task definition', async () => {
    const hooks = JSON.stringify([
      {
        cluster: 'apps',
        service: 'other',
        deploymentId: 'ecs-svc/1',
        serviceDeploymentArn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/apps/other/abc',
        hookId: 'ecs-pause-abc',
        taskDefinitionArn: 'other:2',
      },
    ]);
    const wrong = await resume('web', hooks, 'continue');
    expect(wrong.exitCode).toBe(1);
    expect(wrong.log).toMatch(/##\[error\]Input 'continue-hooks' holds deployments of other/);
    const broken = await resume('web', '[{"service": "web"}]', 'continue');
    expect(broken.log).toMatch(/##\[error\]Input 'continue-hooks' entry 0 has no cluster/);
    expect(emulator.requestCount()).toBe(0);
  }, 60_000);
});
