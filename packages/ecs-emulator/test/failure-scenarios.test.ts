import {
  DescribeTasksCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import { breakerThreshold } from '../src/sim/deployments.js';
import {
  createAppService,
  describeService,
  ecsClient,
  isStable,
  registerApp,
  startTestEmulator,
  waitFor,
  waitForSteady,
} from '../src/testing.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
const BREAKER_ROLLBACK = { deploymentCircuitBreaker: { enable: true, rollback: true } };
const BREAKER_ONLY = { deploymentCircuitBreaker: { enable: true, rollback: false } };

beforeAll(async () => {
  emulator = await startTestEmulator({
    // A long unhealthy window so the test can watch the load balancer answer 503.
    timings: { unhealthyStop: 60 },
    scenarios: [
      { image: '*:crash-*', behaviour: 'crash-on-start', exitCode: 137 },
      { image: '/:never-healthy$/', unhealthyAfter: 0 },
      { image: '*:unhealthy-*', unhealthyAfter: 20 },
      { image: '*:slow-*', slowStart: 60 },
    ],
  });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

async function stoppedTasks(service: string): Promise<Task[]> {
  const list = await ecs.send(
    new ListTasksCommand({ cluster: 'apps', serviceName: service, desiredStatus: 'STOPPED' }),
  );
  if (list.taskArns!.length === 0) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: list.taskArns! }))).tasks!;
}

const messages = (service: Service) => service.events!.map((event) => event.message!);

describe('breaker threshold', () => {
  it('is half the desired count, at least 3 and at most 200', () => {
    expect([1, 2, 6, 7, 10, 399, 400, 1000].map(breakerThreshold)).toEqual([3, 3, 3, 4, 5, 200, 200, 200]);
  });
});

describe('task failure scenarios', () => {
  it('crash-on-start: the task stops with the essential container exit code and failedTasks counts', async () => {
    await createAppService(ecs, { service: 'crasher', image: 'shop/app:crash-1', desiredCount: 1 });
    const service = await waitFor('3 failed tasks', async () => {
      const s = await describeService(ecs, 'crasher');
      return s.deployments![0]!.failedTasks! >= 3 ? s : undefined;
    });
    expect(service.deployments![0]!.rolloutState).toBe('IN_PROGRESS'); // breaker off: never fails, never completes
    const [task] = await stoppedTasks('crasher');
    expect(task).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });
    expect(task!.startedAt).toBeUndefined();
    expect(task!.containers![0]).toMatchObject({ name: 'app', exitCode: 137, lastStatus: 'STOPPED' });
    expect(messages(service).filter((m) => m.includes('has started 1 tasks')).length).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('slow-start: the task spends the extra time PENDING before it runs', async () => {
    await createAppService(ecs, { service: 'slow', image: 'shop/app:slow-1', desiredCount: 1 });
    await waitForSteady(ecs, 'slow');
    const list = await ecs.send(new ListTasksCommand({ cluster: 'apps', serviceName: 'slow' }));
    const [task] = (await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: list.taskArns! })))
      .tasks!;
    const pendingSeconds = (task!.startedAt!.getTime() - task!.pullStartedAt!.getTime()) / 1000;
    expect(pendingSeconds).toBeCloseTo(70, 1); // pending 10 s + slow-start 60 s
  });

  it('unhealthy-after: the task serves, then fails health checks (503) and ECS replaces it', async () => {
    await createAppService(ecs, { service: 'flaky', image: 'shop/app:unhealthy-1', desiredCount: 1 });
    const steady = await waitForSteady(ecs, 'flaky');
    expect(steady.deployments![0]!.rolloutState).toBe('COMPLETED');
    const lb = `${emulator.loadBalancerUrl('apps', 'flaky')}/health`;
    const unhealthy = await waitFor('a 503 from the unhealthy task', async () => {
      const response = await fetch(lb);
      const body = (await response.json()) as { status?: string };
      return response.status === 503 && body.status === 'unhealthy' ? body : undefined;
    });
    expect(unhealthy).toMatchObject({ version: 'unhealthy-1' });
    const [stopped] = await waitFor('the unhealthy task to stop', async () => {
      const tasks = await stoppedTasks('flaky');
      return tasks.length > 0 ? tasks : undefined;
    });
    expect(stopped).toMatchObject({
      stoppedReason: 'Task failed container health checks',
      stopCode: 'ServiceSchedulerInitiated',
      healthStatus: 'UNHEALTHY',
    });
    const service = await describeService(ecs, 'flaky');
    expect(messages(service)).toContain(
      `(service flaky) (task ${stopped!.taskArn!.split('/').pop()}) failed container health checks.`,
    );
    expect(service.deployments![0]!.failedTasks).toBe(0); // a task had succeeded: the breaker stopped counting
  });
});

describe('deployment circuit breaker', () => {
  it('with rollback: fails the deployment and rolls back to the last completed task definition', async () => {
    const v1 = await createAppService(ecs, {
      service: 'rb',
      image: 'shop/app:1',
      desiredCount: 2,
      deploymentConfiguration: BREAKER_ROLLBACK,
    });
    const first = await waitForSteady(ecs, 'rb');
    const bad = await registerApp(ecs, 'rb', 'shop/app:crash-2');
    const updated = await ecs.send(
      new UpdateServiceCommand({ cluster: 'apps', service: 'rb', taskDefinition: bad }),
    );
    const failedId = updated.service!.deployments![0]!.id!;

    const settled = await waitFor('the rollback to complete', async () => {
      const s = await describeService(ecs, 'rb');
      return isStable(s) &&
        s.deployments![0]!.rolloutState === 'COMPLETED' &&
        s.deployments![0]!.id !== first.deployments![0]!.id
        ? s
        : undefined;
    });
    const primary = settled.deployments![0]!;
    expect(primary.taskDefinition).toBe(v1);
    expect(primary.id).not.toBe(failedId);
    expect(settled.deployments!.map((d) => d.id)).not.toContain(failedId);
    expect(messages(settled)).toEqual(
      expect.arrayContaining([
        `(service rb) deployment ${failedId} deployment failed: tasks failed to start.`,
        `(service rb) rolling back to deployment ${first.deployments![0]!.id}.`,
      ]),
    );
    const crashed = (await stoppedTasks('rb')).filter((t) => t.taskDefinitionArn === bad);
    expect(crashed.length).toBeGreaterThanOrEqual(3);
    const response = await fetch(emulator.loadBalancerUrl('apps', 'rb'));
    expect(response.headers.get('x-app-version')).toBe('1');
  });

  it('without rollback: the FAILED deployment stays and keeps trying next to the old one', async () => {
    await createAppService(ecs, {
      service: 'norb',
      image: 'shop/app:1',
      desiredCount: 2,
      deploymentConfiguration: BREAKER_ONLY,
    });
    await waitForSteady(ecs, 'norb');
    const bad = await registerApp(ecs, 'norb', 'shop/app:crash-3');
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'norb', taskDefinition: bad }));
    const failed = await waitFor('FAILED', async () => {
      const s = await describeService(ecs, 'norb');
      return s.deployments![0]!.rolloutState === 'FAILED' ? s : undefined;
    });
    expect(failed.deployments![0]).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: bad,
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
    });
    expect(failed.deployments![0]!.failedTasks).toBeGreaterThanOrEqual(3);
    expect(failed.deployments![1]).toMatchObject({
      status: 'ACTIVE',
      rolloutState: 'COMPLETED',
      runningCount: 2,
    });
    const before = (await stoppedTasks('norb')).length;
    await waitFor('another launch attempt', async () => (await stoppedTasks('norb')).length > before);
    const later = await describeService(ecs, 'norb');
    expect(later.deployments!.map((d) => d.rolloutState)).toEqual(['FAILED', 'COMPLETED']);
  });

  it('counts health-check failures before any success and names them in the reason', async () => {
    await createAppService(ecs, {
      service: 'sick',
      image: 'shop/app:1',
      desiredCount: 1,
      deploymentConfiguration: BREAKER_ROLLBACK,
    });
    const first = await waitForSteady(ecs, 'sick');
    const bad = await registerApp(ecs, 'sick', 'shop/app:never-healthy');
    const updated = await ecs.send(
      new UpdateServiceCommand({ cluster: 'apps', service: 'sick', taskDefinition: bad }),
    );
    const failedId = updated.service!.deployments![0]!.id!;
    const rolledBack = await waitFor('rollback', async () => {
      const s = await describeService(ecs, 'sick');
      return messages(s).includes(`(service sick) rolling back to deployment ${first.deployments![0]!.id}.`)
        ? s
        : undefined;
    });
    expect(messages(rolledBack)).toContain(
      `(service sick) deployment ${failedId} deployment failed: tasks failed health checks.`,
    );
  });
});

describe('service events', () => {
  it('keeps the newest 100, newest first, like ECS', async () => {
    const fast = await startTestEmulator({
      timings: { provisioning: 0.5, pending: 0.5 },
      scenarios: [{ image: '*', behaviour: 'crash-on-start' }],
    });
    try {
      const client = ecsClient(fast);
      await createAppService(client, { service: 'loop', image: 'shop/app:1', desiredCount: 1 });
      const service = await waitFor('over 100 crash cycles', async () => {
        const s = await describeService(client, 'loop');
        return s.deployments![0]!.failedTasks! > 120 ? s : undefined;
      });
      expect(service.events).toHaveLength(100);
      const times = service.events!.map((event) => event.createdAt!.getTime());
      expect(times[0]).toBeGreaterThan(times[99]!);
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    } finally {
      await fast.close();
    }
  });
});
