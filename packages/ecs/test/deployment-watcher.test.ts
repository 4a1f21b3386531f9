// watchDeployments and findRollbackTarget against the emulator.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
} from '@aws-sdk/client-ecs';
import { startEmulator, type EmulatorHandle } from '@shipline/ecs-emulator';
import {
  describeStoppedTask,
  findRollbackTarget,
  findStoppedTasks,
  watchDeployments,
  type WatchTarget,
} from '../src/index.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
const cluster = 'apps';
const BREAKER = (rollback: boolean): DeploymentConfiguration => ({
  deploymentCircuitBreaker: { enable: true, rollback },
  minimumHealthyPercent: 100,
  maximumPercent: 200,
});

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    clockScale: 200,
    tickMs: 10,
    scenarios: [{ image: '*:crash', behaviour: 'crash-on-start', exitCode: 3 }],
  });
  ecs = new ECSClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 2,
  });
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
});
afterAll(() => emulator.close());

async function register(family: string, tag: string): Promise<string> {
  const answer = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: 'app', image: `shop/app:${tag}` }],
    }),
  );
  return answer.taskDefinition!.taskDefinitionArn!;
}

/** A steady service on `v1`, then an update to `tag`: returns what the watcher needs to follow it. */
async function deploy(name: string, tag: string, rollback = true): Promise<WatchTarget & { next: string }> {
  const first = await register(name, 'v1');
  await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: name,
      taskDefinition: first,
      desiredCount: 2,
      deploymentConfiguration: BREAKER(rollback),
    }),
  );
  const settled = await watchDeployments({
    ecs,
    cluster,
    targets: [{ service: name, deploymentId: await primaryId(name) }],
    deadline: Date.now() + 10_000,
    minIntervalMs: 20,
    maxIntervalMs: 50,
  });
  expect(settled[0]?.verdict.state).toBe('completed');
  const next = await register(name, tag);
  const before = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
  const updated = await ecs.send(new UpdateServiceCommand({ cluster, service: name, taskDefinition: next }));
  const deploymentId = updated.service!.deployments!.find((d) => d.status === 'PRIMARY')!.id!;
  const knownEventIds = (before.services![0]!.events ?? []).map((e) => e.id!);
  return { service: name, deploymentId, previousTaskDefinitionArn: first, knownEventIds, next };
}

async function primaryId(name: string): Promise<string> {
  const answer = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
  return answer.services![0]!.deployments!.find((d) => d.status === 'PRIMARY')!.id!;
}

const watch = (targets: WatchTarget[], extra: Partial<Parameters<typeof watchDeployments>[0]> = {}) =>
  watchDeployments({
    ecs,
    cluster,
    targets,
    deadline: Date.now() + 15_000,
    minIntervalMs: 20,
    maxIntervalMs: 50,
    ...extra,
  });

describe('watchDeployments against the emulator', () => {
  it('reports a healthy rollout completed and streams each new event once, oldest first', async () => {
    const target = await deploy('healthy', 'v2');
    const events: string[] = [];
    const [result] = await watch([target], { onEvent: (_s, e) => events.push(e.id!) });
    expect(result?.verdict.state).toBe('completed');
    expect(new Set(events).size).toBe(events.length);
    expect(events.some((id) => (target.knownEventIds as string[]).includes(id))).toBe(false);
    const messages = result!.last!.events!.filter((e) => events.includes(e.id!)).map((e) => e.message);
    expect(messages.join('\n')).toMatch(/deployment completed/);
  });

  it('sees the breaker roll back a crashing release as rolled-back, and finds why tasks stopped', async () => {
    const target = await deploy('crashing', 'crash');
    const [result] = await watch([target]);
    expect(result?.verdict.state).toBe('rolled-back');
    const stopped = await findStoppedTasks(ecs, {
      cluster,
      service: 'crashing',
      deploymentId: target.deploymentId,
    });
    expect(stopped.length).toBeGreaterThan(0);
    expect(describeStoppedTask(stopped[0]!)).toMatch(
      /^task \w+ \(crashing:2\): Essential container in task exited; app exit 3/,
    );
  });

  it('reports FAILED at once when the breaker has no rollback', async () => {
    const target = await deploy('failing', 'crash', false);
    const [result] = await watch([target]);
    expect(result?.verdict).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/circuit breaker/),
    });
  });

  it('follows three services in one call per poll', async () => {
    const targets = await Promise.all(['multi-a', 'multi-b', 'multi-c'].map((name) => deploy(name, 'v2')));
    const before = emulator.requestCount('DescribeServices');
    let polls = 0;
    const results = await watch(targets, { onWait: () => polls++ });
    expect(results.map((r) => r.verdict.state)).toEqual(['completed', 'completed', 'completed']);
    expect(emulator.requestCount('DescribeServices') - before).toBe(polls + 1);
  });

  it('gives up at the deadline with the last view', async () => {
    const target = await deploy('slow', 'v2');
    const [result] = await watch([target], { deadline: Date.now() + 30 });
    expect(result?.verdict.state).toBe('timed-out');
  });

  it('stops within moments when cancelled', async () => {
    const target = await deploy('cancelled', 'v2');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('SIGINT')), 20);
    const before = emulator.requestCount('DescribeServices');
    const [result] = await watch([target], {
      signal: controller.signal,
      minIntervalMs: 5_000,
      maxIntervalMs: 5_000,
    });
    expect(result?.verdict.state).toBe('cancelled');
    // Before a second look (5 s after the first) came: counted, not timed, so a busy machine's
    // stalls cannot change the verdict (the cancel may even come before the first look).
    expect(emulator.requestCount('DescribeServices') - before).toBeLessThanOrEqual(1);
  });

  it('rides out a throttling storm on DescribeServices', async () => {
    const target = await deploy('throttled', 'v2');
    emulator.setFaults([{ operation: 'DescribeServices', type: 'throttle', every: 2 }]);
    try {
      const [result] = await watch([target]);
      expect(result?.verdict.state).toBe('completed');
    } finally {
      emulator.setFaults([]);
    }
  });
});

describe('findRollbackTarget', () => {
  it('takes the last successful deployment from the service-deployments history', async () => {
    const target = await deploy('history', 'v2');
    await watch([target]);
    const service = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['history'] })))
      .services![0]!;
    expect(await findRollbackTarget(ecs, cluster, service, target.next)).toMatchObject({
      taskDefinitionArn: target.previousTaskDefinitionArn,
      source: 'service-deployments',
    });
  });

  it('falls back to the previous ACTIVE revision when the history is not available', async () => {
    const target = await deploy('no-history', 'v2');
    await watch([target]);
    const service = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['no-history'] })))
      .services![0]!;
    emulator.setFaults([{ operation: 'ListServiceDeployments', type: 'access-denied' }]);
    try {
      expect(await findRollbackTarget(ecs, cluster, service, target.next)).toMatchObject({
        taskDefinitionArn: target.previousTaskDefinitionArn,
        source: 'family',
      });
    } finally {
      emulator.setFaults([]);
    }
  });
});
