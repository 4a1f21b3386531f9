// deploy-ecs on ECS's native strategies (bundled dist against the emulator): blue/green, canary and
// linear each deploy with their stages and traffic followed, and each fail on an alarm and are
// rolled back by ECS (the alarm named); production traffic checked on the load balancer afterwards.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { describeService, ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { deployStep, workspaceWith } from './support.js';
import { balancedService, served } from './strategy-support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
// ECS time runs 20x here (not the usual 400x): a 2-minute stage lasts 6 s, long enough for the
// step's 1-2 s polls to see each stage with a duration (hook-less stages pass in no time at all).
beforeAll(async () => {
  emulator = await startTestEmulator({ clockScale: 20 });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const deployImage = (service: string, image: string, inputs: Record<string, string>) =>
  deployStep(
    emulator,
    { service, 'task-definition': 'task-definition.json', timeout: '30m', ...inputs },
    { workspace: workspaceWith(service, image) },
  );

type Moment = { stage?: string; productionGreen?: number; status: string; alarms: string[] };
const servicesOf = (outputs: Record<string, string>) =>
  JSON.parse(outputs.services!) as { strategy: string; timeline: Moment[]; triggeredAlarms: string[] }[];

describe('deploy-ecs: native strategies', () => {
  it('blue-green: sets the strategy, follows the stages to SUCCESSFUL, production all on green', async () => {
    await balancedService(ecs, 'web');
    const run = await deployImage('web', 'shop/web:v2', { strategy: 'blue-green', 'bake-time': '2m' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['rollout-state']).toBe('COMPLETED');
    const [web] = servicesOf(run.outputs);
    expect(web!.strategy).toBe('BLUE_GREEN');
    const stages = web!.timeline.map((m) => m.stage);
    expect(stages).toEqual(expect.arrayContaining(['SCALE_UP', 'BAKE_TIME', 'CLEAN_UP']));
    expect(web!.timeline.at(-1)).toMatchObject({ status: 'SUCCESSFUL', productionGreen: 100 });
    expect((await describeService(ecs, 'web')).deploymentConfiguration).toMatchObject({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 2,
    });
    expect(await served(emulator, 'web')).toEqual({ v2: 10 });
    expect(run.log).toMatch(/\[web\] IN_PROGRESS BAKE_TIME, production 100% green \/ 0% blue/);
    expect(run.summary).toContain('web: BLUE_GREEN rollout');
  }, 60_000);

  it('linear: 25 % steps seen one by one in the timeline', async () => {
    await balancedService(ecs, 'paced');
    const run = await deployImage('paced', 'shop/paced:v2', {
      strategy: 'linear',
      'linear-step-percent': '25',
      'linear-step-bake': '2m',
      'bake-time': '0',
    });
    expect(run.exitCode).toBe(0);
    const [paced] = servicesOf(run.outputs);
    const shares = paced!.timeline
      .map((m) => m.productionGreen)
      .filter((g) => g !== undefined && g > 0 && g < 100);
    expect([...new Set(shares)]).toEqual([25, 50, 75]);
    expect(await served(emulator, 'paced')).toEqual({ v2: 10 });
  }, 60_000);

  it('canary: an error-rate alarm fires on the 10 % canary, ECS rolls back, the alarm is named', async () => {
    emulator.setScenarios([
      { image: '*:bad', errorRate: 0.5 },
      { alarm: 'bird-5xx', service: 'bird', metric: 'error-rate', threshold: 0.01, after: 60 },
    ]);
    await balancedService(ecs, 'bird');
    const run = await deployImage('bird', 'shop/bird:bad', {
      strategy: 'canary',
      'canary-percent': '10',
      'canary-bake': '3m',
      'bake-time': '5m',
      alarms: 'bird-5xx',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('FAILED');
    expect(run.outputs['rolled-back']).toBe('true');
    expect(run.outputs['triggered-alarms']).toBe('bird-5xx');
    expect(run.outputs['failure-reason']).toMatch(/alarm bird-5xx in ALARM/);
    const [bird] = servicesOf(run.outputs);
    expect(bird!.timeline.some((m) => m.productionGreen === 10)).toBe(true);
    expect(bird!.triggeredAlarms).toEqual(['bird-5xx']);
    expect(await served(emulator, 'bird')).toEqual({ v1: 10 });
  }, 60_000);

  it('canary: a healthy release passes the 10 % canary and ends all on green', async () => {
    await balancedService(ecs, 'wren');
    const run = await deployImage('wren', 'shop/wren:v2', {
      strategy: 'canary',
      'canary-percent': '10',
      'canary-bake': '2m',
      'bake-time': '0',
    });
    expect(run.exitCode).toBe(0);
    const [wren] = servicesOf(run.outputs);
    expect(wren!.timeline.some((m) => m.productionGreen === 10)).toBe(true);
    expect(await served(emulator, 'wren')).toEqual({ v2: 10 });
  }, 60_000);

  it.each([
    ['blue-green', { strategy: 'blue-green', 'bake-time': '5m' }],
    [
      'linear',
      { strategy: 'linear', 'linear-step-percent': '25', 'linear-step-bake': '2m', 'bake-time': '0' },
    ],
  ])(
    '%s: an alarm on the new release fails it, ECS rolls back, production back on blue',
    async (name, inputs) => {
      const service = `sad-${name}`;
      emulator.setScenarios([
        { image: '*:bad', errorRate: 0.5 },
        { alarm: `${service}-5xx`, service, metric: 'error-rate', threshold: 0.01, after: 30 },
      ]);
      await balancedService(ecs, service);
      const run = await deployImage(service, `shop/${service}:bad`, { ...inputs, alarms: `${service}-5xx` });
      expect(run.exitCode).toBe(1);
      expect(run.outputs['rollout-state']).toBe('FAILED');
      expect(run.outputs['rolled-back']).toBe('true');
      expect(run.outputs['triggered-alarms']).toBe(`${service}-5xx`);
      expect(await served(emulator, service)).toEqual({ v1: 10 });
    },
    60_000,
  );
});
