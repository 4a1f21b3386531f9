// RunTask, DescribeTasks and StopTask for one-off tasks, and their awslogs streams read with the
// real CloudWatch Logs client (GetLogEvents), as run-task uses them.
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
  type Task,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import { SimClock } from '../src/clock.js';
import { ecsClient, startTestEmulator, TEST_CLOCK_SCALE, waitFor } from '../src/testing.js';

/** The tests' x400 simulated time, which a test can hold still: nothing the world does moves then. */
const clock = new SimClock(TEST_CLOCK_SCALE);

let emulator: EmulatorHandle;
let ecs: ECSClient;
let logs: CloudWatchLogsClient;
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } };

beforeAll(async () => {
  emulator = await startTestEmulator({
    clock,
    scenarios: [
      { image: '*:fails', exitCode: 3, runFor: 20, logLines: ['migrating', 'error: relation exists'] },
      { image: '*:long', runFor: 3600, logLines: ['started'] },
      { image: '*:no-capacity', runTaskFailure: 'Capacity is unavailable at this time.' },
      { image: '*:missing', cannotPull: true },
    ],
  });
  ecs = ecsClient(emulator);
  logs = new CloudWatchLogsClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await ecs.send(new CreateClusterCommand({ clusterName: 'apps' }));
});
afterAll(() => emulator.close());

async function register(tag: string): Promise<string> {
  const answer = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `job-${tag}`,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'app',
          image: `registry.example/app:${tag}`,
          essential: true,
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': '/ecs/jobs',
              'awslogs-region': 'us-east-1',
              'awslogs-stream-prefix': 'ecs',
            },
          },
        },
      ],
    }),
  );
  return answer.taskDefinition!.taskDefinitionArn!;
}

async function run(tag: string): Promise<Task> {
  const answer = await ecs.send(
    new RunTaskCommand({
      cluster: 'apps',
      taskDefinition: await register(tag),
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
      startedBy: 'run-task-test',
      overrides: { containerOverrides: [{ name: 'app', command: ['migrate'] }] },
    }),
  );
  expect(answer.failures).toEqual([]);
  return answer.tasks![0]!;
}

const stopped = (task: Task) =>
  waitFor(`${task.taskArn} STOPPED`, async () => {
    const [found] = (await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: [task.taskArn!] })))
      .tasks!;
    return found?.lastStatus === 'STOPPED' ? found : undefined;
  });

describe('RunTask', () => {
  it('runs a one-off task with no rule to exit 0 after a few simulated seconds', async () => {
    const task = await run('ok');
    expect(task).toMatchObject({
      lastStatus: 'PROVISIONING',
      launchType: 'FARGATE',
      group: 'family:job-ok',
      startedBy: 'run-task-test',
    });
    expect(task.overrides?.containerOverrides).toEqual([{ name: 'app', command: ['migrate'] }]);
    const done = await stopped(task);
    expect(done.containers![0]!.exitCode).toBe(0);
    expect(done).toMatchObject({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });
    expect(done.stoppedAt!.getTime() - done.startedAt!.getTime()).toBeLessThan(20_000);
  });

  it("exits with the rule's exit code and writes its log lines to prefix/container/task-id", async () => {
    const task = await run('fails');
    const done = await stopped(task);
    expect(done.containers![0]!.exitCode).toBe(3);
    const id = task.taskArn!.split('/').at(-1)!;
    const answer = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/jobs',
        logStreamName: `ecs/app/${id}`,
        startFromHead: true,
      }),
    );
    expect(answer.events!.map((e) => e.message)).toEqual(['migrating', 'error: relation exists']);
    const again = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/jobs',
        logStreamName: `ecs/app/${id}`,
        nextToken: answer.nextForwardToken,
        startFromHead: true,
      }),
    );
    expect(again.events).toEqual([]);
    expect(again.nextForwardToken).toBe(answer.nextForwardToken);
  });

  it("has no stream before the container starts; StopTask ends a long task with SIGTERM's 143", async () => {
    // Simulated time held still, so the task cannot have started however slow this machine is.
    clock.hold();
    const task = await run('long');
    const id = task.taskArn!.split('/').at(-1)!;
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/jobs', logStreamName: `ecs/app/${id}` })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    clock.release();
    await waitFor('RUNNING', async () => {
      const [found] = (await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: [task.taskArn!] })))
        .tasks!;
      return found?.lastStatus === 'RUNNING';
    });
    await ecs.send(new StopTaskCommand({ cluster: 'apps', task: task.taskArn!, reason: 'cancelled' }));
    const done = await stopped(task);
    expect(done).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'cancelled' });
    expect(done.containers![0]!.exitCode).toBe(143);
  });

  it('answers a repeated clientToken with the task it already started (idempotency)', async () => {
    const request = {
      cluster: 'apps',
      taskDefinition: await register('ok'),
      launchType: 'FARGATE' as const,
      networkConfiguration: NETWORK,
      clientToken: 'b5b5f0b2-retry-once',
    };
    const first = await ecs.send(new RunTaskCommand(request));
    const again = await ecs.send(new RunTaskCommand(request));
    expect(again.tasks!.map((t) => t.taskArn)).toEqual(first.tasks!.map((t) => t.taskArn));
  });

  it('answers with failures and starts nothing when the scenario says there is no capacity', async () => {
    const answer = await ecs.send(
      new RunTaskCommand({
        cluster: 'apps',
        taskDefinition: await register('no-capacity'),
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
      }),
    );
    expect(answer.tasks).toEqual([]);
    expect(answer.failures).toEqual([
      expect.objectContaining({ reason: 'Capacity is unavailable at this time.' }),
    ]);
  });

  it("never reaches RUNNING when the image cannot be pulled, with ECS's reason", async () => {
    const done = await stopped(await run('missing'));
    expect(done.startedAt).toBeUndefined();
    expect(done.stopCode).toBe('TaskFailedToStart');
    expect(done.stoppedReason).toMatch(/^CannotPullContainerError: .*registry.example\/app:missing/);
  });

  it('refuses awsvpc without a network, both a launch type and capacity providers, and an unknown container', async () => {
    const taskDefinition = await register('ok');
    await expect(ecs.send(new RunTaskCommand({ cluster: 'apps', taskDefinition }))).rejects.toThrow(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
    await expect(
      ecs.send(
        new RunTaskCommand({
          cluster: 'apps',
          taskDefinition,
          networkConfiguration: NETWORK,
          launchType: 'FARGATE',
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }],
        }),
      ),
    ).rejects.toThrow('Specifying both a launchType and capacityProviderStrategy is not supported.');
    await expect(
      ecs.send(
        new RunTaskCommand({
          cluster: 'apps',
          taskDefinition,
          networkConfiguration: NETWORK,
          overrides: { containerOverrides: [{ name: 'web' }] },
        }),
      ),
    ).rejects.toThrow('Override for container named web is not a container in the TaskDefinition.');
  });
});
