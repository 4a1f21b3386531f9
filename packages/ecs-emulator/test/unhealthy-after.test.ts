import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Task,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type EmulatorHandle } from '../src/index.js';
import { describeService, ecsClient, registerApp, waitFor, waitForSteady } from '../src/testing.js';

// A release that turns unhealthy after ECS called its rollout COMPLETED: what deploy-ecs's bake
// must see. A slow clock (x50) so a replacement's 15 simulated seconds of PENDING last 300 ms.
let emulator: EmulatorHandle;
let ecs: ECSClient;
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';

beforeAll(async () => {
  emulator = await startEmulator({
    clockScale: 50,
    tickMs: 10,
    scenarios: [{ image: '*:sours', unhealthyAfter: 20 }],
  });
  ecs = ecsClient(emulator);
  await ecs.send(new CreateClusterCommand({ clusterName: 'apps' }));
});
afterAll(() => emulator.close());

async function stoppedTasksOf(service: string, deploymentId: string): Promise<Task[]> {
  const list = await ecs.send(
    new ListTasksCommand({ cluster: 'apps', serviceName: service, desiredStatus: 'STOPPED' }),
  );
  if (list.taskArns!.length === 0) return [];
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: list.taskArns! }));
  return tasks!.filter((t) => t.startedBy === deploymentId);
}

/** A steady service on `:good`, then an update to `:sours`; returns the new deployment's id once COMPLETED. */
async function releaseThatSours(service: string, loadBalanced: boolean): Promise<string> {
  const good = await registerApp(ecs, service, `shop/${service}:good`);
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'apps',
      serviceName: service,
      taskDefinition: good,
      desiredCount: 2,
      loadBalancers: loadBalanced
        ? [{ targetGroupArn: TARGET_GROUP, containerName: 'app', containerPort: 8080 }]
        : undefined,
    }),
  );
  await waitForSteady(ecs, service);
  const sours = await registerApp(ecs, service, `shop/${service}:sours`);
  const updated = await ecs.send(
    new UpdateServiceCommand({ cluster: 'apps', service, taskDefinition: sours }),
  );
  const id = updated.service!.deployments!.find((d) => d.status === 'PRIMARY')!.id!;
  const steady = await waitForSteady(ecs, service);
  expect(steady.deployments!.map((d) => [d.id, d.rolloutState])).toEqual([[id, 'COMPLETED']]);
  return id;
}

describe('unhealthy-after: tasks that fail health checks after the rollout COMPLETED', () => {
  it('are stopped for failed container health checks and replaced by the same deployment, which stays COMPLETED', async () => {
    const id = await releaseThatSours('plain', false);
    const [stopped] = await waitFor('a task of the new deployment to stop', async () => {
      const tasks = await stoppedTasksOf('plain', id);
      return tasks.length > 0 ? tasks : undefined;
    });
    expect(stopped).toMatchObject({
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: 'Task failed container health checks',
      healthStatus: 'UNHEALTHY',
    });
    // The counts show it: fewer running than desired while the replacement is pending.
    const short = await waitFor('the deployment to run fewer tasks than desired', async () => {
      const view = await describeService(ecs, 'plain');
      const ours = view.deployments!.find((d) => d.id === id)!;
      return ours.runningCount! < ours.desiredCount! && ours.pendingCount! > 0 ? view : undefined;
    });
    const ours = short.deployments!.find((d) => d.id === id)!;
    expect(ours).toMatchObject({ status: 'PRIMARY', rolloutState: 'COMPLETED', failedTasks: 0 });
    expect(short.runningCount).toBeLessThan(short.desiredCount!);
    expect(short.events!.map((e) => e.message)).toContain(
      `(service plain) (task ${stopped!.taskArn!.split('/').pop()}) failed container health checks.`,
    );
  });

  it('behind a load balancer: stopped for failed ELB health checks in the target group, with the unhealthy event', async () => {
    const id = await releaseThatSours('balanced', true);
    const [stopped] = await waitFor('a task of the new deployment to stop', async () => {
      const tasks = await stoppedTasksOf('balanced', id);
      return tasks.length > 0 ? tasks : undefined;
    });
    expect(stopped).toMatchObject({
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: `Task failed ELB health checks in (target-group ${TARGET_GROUP})`,
    });
    const view = await describeService(ecs, 'balanced');
    expect(view.events!.map((e) => e.message)).toContain(
      `(service balanced) (task ${stopped!.taskArn!.split('/').pop()}) (port 8080) is unhealthy in (target-group ${TARGET_GROUP}) due to (reason Health checks failed).`,
    );
  });
});
