import {
  DeleteServiceCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Task,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import { defaultTimings } from '../src/index.js';
import {
  createAppService,
  describeService,
  ecsClient,
  registerApp,
  startTestEmulator,
  waitFor,
  waitForSteady,
} from '../src/testing.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

async function allTasks(service: string): Promise<Task[]> {
  const arns: string[] = [];
  for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
    const listed = await ecs.send(
      new ListTasksCommand({ cluster: 'apps', serviceName: service, desiredStatus }),
    );
    arns.push(...listed.taskArns!);
  }
  const described = await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: arns }));
  return described.tasks!;
}

async function lbVersion(
  service: string,
): Promise<{ status: number; version: string | null; body: unknown }> {
  const response = await fetch(`${emulator.loadBalancerUrl('apps', service)}/health`);
  return {
    status: response.status,
    version: response.headers.get('x-app-version'),
    body: await response.json(),
  };
}

/** Live and serving task counts at every moment between `from` and `to`, from the tasks' own timestamps. */
function countsOverTime(tasks: Task[], from: number, to: number) {
  const healthyDelay = defaultTimings.healthCheck * 1000;
  const intervals = tasks.map((task) => ({
    live: [task.createdAt!.getTime(), task.stoppingAt?.getTime() ?? Infinity] as const,
    serving: task.startedAt
      ? ([task.startedAt.getTime() + healthyDelay, task.stoppingAt?.getTime() ?? Infinity] as const)
      : undefined,
  }));
  const points = [...new Set(intervals.flatMap((i) => [...i.live, ...(i.serving ?? [])]))]
    .filter((t) => Number.isFinite(t) && t >= from && t <= to)
    .sort((a, b) => a - b);
  const samples = points.slice(1).map((t, index) => (t + points[index]!) / 2);
  return samples.map((t) => ({
    live: intervals.filter(({ live }) => live[0] <= t && t < live[1]).length,
    serving: intervals.filter(({ serving }) => serving && serving[0] <= t && t < serving[1]).length,
  }));
}

describe('rolling deployment', () => {
  it('starts a service, rolls a new version within min/max percent, then is steady with one deployment', async () => {
    await createAppService(ecs, {
      service: 'web',
      image: 'registry.local/web:1.0.0',
      desiredCount: 4,
      environment: [{ name: 'APP_VERSION', value: '1.0.0' }],
      deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 125 },
    });
    const first = await waitForSteady(ecs, 'web');
    expect(first.runningCount).toBe(4);
    expect(first.events!.map((e) => e.message)).toEqual([
      '(service web) has reached a steady state.',
      `(service web) (deployment ${first.deployments![0]!.id}) deployment completed.`,
      expect.stringMatching(/^\(service web\) has started 4 tasks: (\(task [0-9a-f]{32}\) ?){4}\.$/),
    ]);
    expect(await lbVersion('web')).toMatchObject({ status: 200, version: '1.0.0' });

    const v2 = await registerApp(ecs, 'web', 'registry.local/web:2.0.0');
    const realStart = Date.now();
    const updated = await ecs.send(
      new UpdateServiceCommand({ cluster: 'apps', service: 'web', taskDefinition: v2 }),
    );
    const deploymentId = updated.service!.deployments![0]!.id!;
    expect(updated.service!.deployments!.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED'],
    ]);
    expect(deploymentId).toMatch(/^ecs-svc\/\d{19}$/);

    const done = await waitForSteady(ecs, 'web');
    const realSeconds = (Date.now() - realStart) / 1000;
    const primary = done.deployments![0]!;
    expect(primary).toMatchObject({
      id: deploymentId,
      taskDefinition: v2,
      rolloutState: 'COMPLETED',
      runningCount: 4,
    });
    expect(primary.rolloutStateReason).toBe(`ECS deployment ${deploymentId} completed.`);
    const simulatedSeconds = (primary.updatedAt!.getTime() - primary.createdAt!.getTime()) / 1000;
    // Room for 3 new tasks first (30 s to healthy), then the 4th: two waves.
    expect(simulatedSeconds).toBeGreaterThanOrEqual(60);
    expect(realSeconds).toBeLessThan(simulatedSeconds / 10);

    const tasks = await allTasks('web');
    const counts = countsOverTime(tasks, primary.createdAt!.getTime(), primary.updatedAt!.getTime());
    // 2 old stopped at once (50 % must stay healthy), 3 new started (125 % cap); at +30 s the 3 are
    // healthy, the last 2 old stop and the 4th new one starts.
    expect(counts).toEqual([
      { live: 5, serving: 2 },
      { live: 4, serving: 3 },
    ]);
    for (const { live, serving } of counts) {
      expect(live).toBeLessThanOrEqual(5); // maximumPercent 125 of 4
      expect(serving).toBeGreaterThanOrEqual(2); // minimumHealthyPercent 50 of 4
    }
    const old = tasks.filter((task) => task.startedBy !== deploymentId);
    expect(old).toHaveLength(4);
    for (const task of old) {
      expect(task).toMatchObject({
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        stopCode: 'ServiceSchedulerInitiated',
        stoppedReason: `Scaling activity initiated by (deployment ${deploymentId})`,
      });
    }
    const events = done.events!.map((e) => e.message!);
    expect(events[0]).toBe('(service web) has reached a steady state.');
    expect(events).toContain(`(service web) (deployment ${deploymentId}) deployment completed.`);
    expect(events.some((m) => /^\(service web\) has stopped \d running tasks: /.test(m))).toBe(true);
    const times = done.events!.map((e) => e.createdAt!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(done.events!.map((e) => e.id)).size).toBe(done.events!.length);

    const after = await lbVersion('web');
    expect(after).toMatchObject({ status: 200, version: '2.0.0' });
    expect(after.body).toMatchObject({ version: '2.0.0', taskDefinition: v2 });
  });

  it('round-robins the load balancer over the serving tasks', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) seen.add(((await lbVersion('web')).body as { taskArn: string }).taskArn);
    expect(seen.size).toBe(4);
  });

  it('scales with desiredCount without a new deployment and replaces a stopped task', async () => {
    const before = await describeService(ecs, 'web');
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'web', desiredCount: 2 }));
    const scaled = await waitFor('scale-in to 2', async () => {
      const s = await describeService(ecs, 'web');
      return s.runningCount === 2 && s.pendingCount === 0 ? s : undefined;
    });
    expect(scaled.deployments).toHaveLength(1);
    expect(scaled.deployments![0]!.id).toBe(before.deployments![0]!.id);

    const running = await ecs.send(new ListTasksCommand({ cluster: 'apps', serviceName: 'web' }));
    expect(running.taskArns).toHaveLength(2);
    const byFamily = await ecs.send(new ListTasksCommand({ cluster: 'apps', family: 'web' }));
    expect(byFamily.taskArns!.sort()).toEqual([...running.taskArns!].sort());
    expect((await ecs.send(new ListTasksCommand({ cluster: 'apps', family: 'other' }))).taskArns).toEqual([]);
    const victim = running.taskArns![0]!;
    const stopped = await ecs.send(
      new StopTaskCommand({ cluster: 'apps', task: victim, reason: 'testing replacement' }),
    );
    expect(stopped.task).toMatchObject({
      desiredStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'testing replacement',
    });
    await waitFor('a replacement task', async () => {
      const list = await ecs.send(new ListTasksCommand({ cluster: 'apps', serviceName: 'web' }));
      return list.taskArns!.length === 2 && !list.taskArns!.includes(victim);
    });
    await waitForSteady(ecs, 'web');
  });

  it('deletes a service: DRAINING until its tasks stop, then INACTIVE; updates are then refused', async () => {
    await expect(
      ecs.send(new DeleteServiceCommand({ cluster: 'apps', service: 'web' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    const deleted = await ecs.send(
      new DeleteServiceCommand({ cluster: 'apps', service: 'web', force: true }),
    );
    expect(deleted.service).toMatchObject({ status: 'DRAINING', desiredCount: 0 });
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'web', desiredCount: 1 })),
    ).rejects.toMatchObject({ name: 'ServiceNotActiveException' });
    const inactive = await waitFor('INACTIVE', async () => {
      const s = await describeService(ecs, 'web');
      return s.status === 'INACTIVE' ? s : undefined;
    });
    expect(inactive.runningCount).toBe(0);
    expect(await lbVersion('web').catch(() => undefined)).toMatchObject({ status: 503 });
    const left = await ecs.send(new ListTasksCommand({ cluster: 'apps', serviceName: 'web' }));
    expect(left.taskArns).toEqual([]);
  });
});
