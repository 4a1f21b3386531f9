import { DescribeClustersCommand, ListTasksCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import { parseScenarioText, ScenarioTable } from '../src/scenarios.js';
import { createAppService, ecsClient, startTestEmulator, waitForSteady } from '../src/testing.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  ecs = ecsClient(emulator, 1);
});
afterAll(() => emulator.close());

const control = async (method: string, path: string, body?: string) => {
  const response = await fetch(`${emulator.url}/_emulator/${path}`, {
    method,
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

describe('control API', () => {
  it('GET state shows resources, load-balancer URLs, scenarios, faults and request counts', async () => {
    await createAppService(ecs, { service: 'web', image: 'shop/web:1', desiredCount: 1 });
    await waitForSteady(ecs, 'web');
    emulator.setFaults([{ operation: 'ListTasks', type: 'latency', latencyMs: 1 }]);
    const { status, json } = await control('GET', 'state');
    expect(status).toBe(200);
    expect(json).toMatchObject({ url: emulator.url, region: 'us-east-1', accountId: '123456789012' });
    const services = json.services as Record<string, unknown>[];
    expect(services[0]).toMatchObject({
      serviceName: 'web',
      status: 'ACTIVE',
      loadBalancerUrl: emulator.loadBalancerUrl('apps', 'web'),
    });
    expect((json.tasks as unknown[]).length).toBe(1);
    expect((json.taskDefinitions as unknown[]).length).toBe(1);
    expect((json.clusters as unknown[]).length).toBe(1);
    expect(json.faults).toEqual([
      expect.objectContaining({ operation: 'ListTasks', type: 'latency', active: true }),
    ]);
    const counts = json.requestCounts as Record<string, number>;
    expect(counts.CreateService).toBe(1);
    expect(counts.DescribeServices).toBe(emulator.requestCount('DescribeServices'));
    expect(emulator.requestCount()).toBeGreaterThanOrEqual(4);
  });

  it('POST scenario (YAML) changes what new tasks do', async () => {
    const yaml = [
      '- image: "*:v2"',
      '  behaviour: crash-on-start',
      '- image: "/web:v3$/"',
      '  version: three',
      '  latency-ms: 120',
    ].join('\n');
    const { status, json } = await control('POST', 'scenario', yaml);
    expect(status).toBe(200);
    expect(json.scenarios).toEqual([
      { image: '*:v2', behaviour: 'crash-on-start' },
      { image: '/web:v3$/', version: 'three', latencyMs: 120 },
    ]);
    await createAppService(ecs, { service: 'three', image: 'shop/web:v3', desiredCount: 1 });
    await waitForSteady(ecs, 'three');
    const started = Date.now();
    const response = await fetch(emulator.loadBalancerUrl('apps', 'three'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(response.headers.get('x-app-version')).toBe('three');
    const state = (await control('GET', 'state')).json;
    const task = (state.tasks as Record<string, unknown>[]).find((t) => t.image === 'shop/web:v3');
    expect(task?.scenario).toBe('/web:v3$/');
  });

  it('rejects bad control input with a 400 that says what is wrong', async () => {
    expect(await control('POST', 'scenario', '- image: "*"\n  behaviour: explode')).toEqual({
      status: 400,
      json: {
        message: expect.stringContaining('scenarios[0].behaviour must be "healthy" or "crash-on-start"'),
      },
    });
    expect((await control('POST', 'scenario', '- imagee: x')).json.message).toMatch(/unknown key 'imagee'/);
    expect((await control('POST', 'scenario', '')).status).toBe(400);
    expect(
      (await control('POST', 'faults', '{"faults": [{"type": "throttle", "probability": 2}]}')).json,
    ).toEqual({
      message: 'faults[0].probability must be between 0 and 1, got 2',
    });
    expect((await control('POST', 'faults', '{"faults": [')).json.message).toMatch(/not valid JSON/);
    expect((await control('GET', 'reset')).status).toBe(405);
    expect((await control('GET', 'nothing')).status).toBe(404);
  });

  it('POST faults sets faults that the next calls see', async () => {
    const set = await control(
      'POST',
      'faults',
      JSON.stringify({ faults: [{ operation: 'DescribeClusters', type: 'throttle', count: 1 }] }),
    );
    expect(set.status).toBe(200);
    await expect(ecs.send(new DescribeClustersCommand({ clusters: ['apps'] }))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    await control('POST', 'faults', '[]');
    await ecs.send(new DescribeClustersCommand({ clusters: ['apps'] }));
  });

  it('POST reset forgets everything', async () => {
    expect((await control('POST', 'reset')).json).toEqual({ reset: true });
    const { json } = await control('GET', 'state');
    expect(json).toMatchObject({
      clusters: [],
      services: [],
      tasks: [],
      taskDefinitions: [],
      faults: [],
      scenarios: [],
    });
    expect(json.requestCounts).toEqual({});
    await expect(ecs.send(new ListTasksCommand({ cluster: 'apps' }))).rejects.toMatchObject({
      name: 'ClusterNotFoundException',
    });
  });
});

describe('load balancer endpoint', () => {
  it('answers 404 for an unknown service and 503 while no task is in service', async () => {
    expect((await fetch(emulator.loadBalancerUrl('apps', 'ghost'))).status).toBe(404);
    emulator.setScenarios([{ image: '*:slow', slowStart: 86_400 }]);
    await createAppService(ecs, { service: 'starting', image: 'shop/web:slow', desiredCount: 1 });
    const response = await fetch(emulator.loadBalancerUrl('apps', 'starting'));
    expect(response.status).toBe(503);
  });

  it('returns HTTP 500 for a scenario error rate, deterministically', async () => {
    emulator.setScenarios([{ image: '*:flaky', errorRate: 0.5 }]);
    await createAppService(ecs, { service: 'flaky', image: 'shop/web:flaky', desiredCount: 1 });
    await waitForSteady(ecs, 'flaky');
    const statuses = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await fetch(`${emulator.loadBalancerUrl('apps', 'flaky')}/`)).status);
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(3);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(3);
  });

  it('close() stops the server and its timers', async () => {
    const other = await startTestEmulator();
    await createAppService(ecsClient(other), { service: 's', image: 'a:1', desiredCount: 1 });
    await other.close();
    await expect(fetch(`${other.url}/_emulator/state`)).rejects.toThrow();
  });
});

describe('scenario table', () => {
  it('matches globs and regexes in order, first match wins, default healthy', () => {
    const table = new ScenarioTable(
      parseScenarioText(
        'scenarios:\n  - image: "*:bad-*"\n    behaviour: crash-on-start\n  - image: "/^reg\\\\.io\\\\//i"\n    slow_start: 5\n  - image: "*"\n    unhealthy-after: 9',
      ),
    );
    expect(table.behaviourFor('x/app:bad-1')).toMatchObject({
      crashOnStart: true,
      exitCode: 1,
      matchedRule: '*:bad-*',
    });
    expect(table.behaviourFor('REG.io/app:1')).toMatchObject({ crashOnStart: false, slowStart: 5 });
    expect(table.behaviourFor('app:1')).toMatchObject({ unhealthyAfter: 9 });
    expect(new ScenarioTable([]).behaviourFor('app:1')).toEqual({
      crashOnStart: false,
      exitCode: 1,
      slowStart: 0,
      latencyMs: 0,
      errorRate: 0,
      oneOff: { runFor: 3, exitCode: 0, logLines: [], cannotPull: false },
    });
  });

  it('explains invalid files', () => {
    expect(() => parseScenarioText('- image: "/[/"')).toThrow(/not a valid regex/);
    expect(() => parseScenarioText('- image: a\n  error-rate: 3')).toThrow(
      /errorRate must be a number between 0 and 1/,
    );
    expect(() => parseScenarioText('image: a')).toThrow(/must be a list of rules/);
    expect(() => parseScenarioText('- [')).toThrow(/not valid YAML/);
  });
});
