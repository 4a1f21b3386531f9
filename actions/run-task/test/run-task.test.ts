// run-task (bundled dist against the emulator): exit 0 passes, exit 3 fails with the last log lines,
// RunTask failures and a task that never starts are reported, bad input is refused before any call.
import { DescribeTasksCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNoLeaks } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { registerJob, runTaskStep, setUpCluster } from './support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
const FAILING_LINES = Array.from({ length: 40 }, (_, i) => `migration step ${i + 1}`).concat([
  'error: relation "orders" already exists',
]);

beforeAll(async () => {
  emulator = await startTestEmulator({
    scenarios: [
      {
        image: '*:migrate-ok',
        runFor: 30,
        logLines: ['applying 0041_users', 'applying 0042_orders', 'done'],
      },
      { image: '*:migrate-fails', runFor: 30, exitCode: 3, logLines: FAILING_LINES },
      {
        image: '*:no-capacity',
        runTaskFailure:
          'Capacity is unavailable at this time. Please try again later or in a different availability zone',
      },
      { image: '*:gone', cannotPull: true },
    ],
  });
  ecs = ecsClient(emulator);
  await setUpCluster(ecs);
});
afterAll(() => emulator.close());

describe('run-task (bundled dist against the emulator)', () => {
  it('passes when the container exits 0, streaming its log with the container prefix', async () => {
    const arn = await registerJob(ecs, 'migrate', 'shop/app:migrate-ok');
    const run = await runTaskStep(emulator, { 'task-definition-arn': arn, command: 'npm run migrate' });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['exit-code']).toBe('0');
    expect(run.outputs['task-definition-arn']).toBe(arn);
    expect(run.outputs['task-arn']).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/apps\/[0-9a-f]{32}$/);
    expect(Number(run.outputs['duration-seconds'])).toBeGreaterThanOrEqual(0);
    // Every log line, in order; status lines may fall between them (the log drains after STOPPED).
    expect(run.log.split('\n').filter((line) => line.includes('app | '))).toEqual([
      'app | applying 0041_users',
      'app | applying 0042_orders',
      'app | done',
    ]);
    expect(run.log).toContain(
      'Network: the network of service web (subnets subnet-0a1b2c; security groups sg-0d4e5f',
    );
    expect(run.summary).toContain('### run-task: ✅ exited 0');
    expect(run.summary).toContain('<details><summary>Last 3 log line(s) of app</summary>');
    const [task] = (
      await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: [run.outputs['task-arn']!] }))
    ).tasks!;
    expect(task).toMatchObject({
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      startedBy: expect.stringMatching(/^github-run-\d+$/),
    });
    expect(task!.overrides!.containerOverrides).toEqual([
      { name: 'app', command: ['sh', '-c', 'npm run migrate'] },
    ]);
    expectNoLeaks(run);
  }, 30_000);

  it('fails on exit 3 with the exit code, stop code, reason and last lines in the error and the summary', async () => {
    const arn = await registerJob(ecs, 'migrate-bad', 'shop/app:migrate-fails');
    const run = await runTaskStep(emulator, {
      'task-definition-arn': arn,
      command: '["./migrate", "--to", "latest"]',
      'container-env': 'app:DRY_RUN=false',
      'started-by': 'migrate-42',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['exit-code']).toBe('3');
    const error = run.errors.join('\n');
    expect(error).toContain(
      'container app exited with code 3; stop code EssentialContainerExited; reason: Essential container in task exited',
    );
    expect(error).toContain('Last 10 log line(s) of app:');
    expect(error).toContain('error: relation "orders" already exists');
    expect(error).not.toContain('migration step 31\n');
    expect(run.summary).toContain('### run-task: ❌ failed');
    expect(run.summary).toContain('<details><summary>Last 30 log line(s) of app</summary>');
    expect(run.summary).toContain('migration step 12');
    expect(run.summary).not.toContain('migration step 11\n');
    expect(run.summary).toContain('error: relation "orders" already exists');
    const [task] = (
      await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: [run.outputs['task-arn']!] }))
    ).tasks!;
    expect(task!.startedBy).toBe('migrate-42');
    expect(task!.overrides!.containerOverrides).toEqual([
      {
        name: 'app',
        command: ['./migrate', '--to', 'latest'],
        environment: [{ name: 'DRY_RUN', value: 'false' }],
      },
    ]);
  }, 30_000);

  it('reports ECS failures (no capacity): a clear error and nothing left running', async () => {
    const arn = await registerJob(ecs, 'busy', 'shop/app:no-capacity');
    const before = emulator.requestCount('DescribeTasks');
    const run = await runTaskStep(emulator, { 'task-definition-arn': arn });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['task-arn']).toBe('');
    expect(run.errors.join('\n')).toContain(
      'ECS started no task: Capacity is unavailable at this time. Please try again later or in a different availability zone',
    );
    expect(run.summary).toContain('never started');
    expect(emulator.requestCount('DescribeTasks')).toBe(before);
  }, 30_000);

  it("fails with ECS's reason when the image cannot be pulled (never RUNNING)", async () => {
    const arn = await registerJob(ecs, 'gone', 'shop/app:gone');
    const run = await runTaskStep(emulator, { 'task-definition-arn': arn });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['exit-code']).toBe('');
    expect(run.errors.join('\n')).toMatch(
      /never started: container app has no exit code; stop code TaskFailedToStart; reason: CannotPullContainerError: .*shop\/app:gone/,
    );
  }, 30_000);

  it('refuses bad input before any call, naming the input', async () => {
    const before = emulator.requestCount();
    const run = await runTaskStep(emulator, {
      'task-definition-arn': 'migrate:1',
      service: '',
      command: '[1, 2]',
      'started-by': 'has spaces',
    });
    expect(run.exitCode).toBe(1);
    const errors = run.errors.join('\n');
    expect(errors).toContain("Input 'command' is a JSON value but not a non-empty array of strings");
    expect(errors).toContain("Input 'subnets' are required when no service is named");
    expect(errors).toContain("Input 'started-by'");
    expect(emulator.requestCount()).toBe(before);
  }, 30_000);

  it('refuses a container the task definition does not have and a service that does not exist', async () => {
    const arn = await registerJob(ecs, 'containers', 'shop/app:migrate-ok');
    const runs = emulator.requestCount('RunTask');
    const container = await runTaskStep(emulator, { 'task-definition-arn': arn, container: 'worker' });
    expect(container.exitCode).toBe(1);
    expect(container.errors.join('\n')).toContain(
      "Input 'container' 'worker' is not a container of containers:1 (it has app)",
    );
    const service = await runTaskStep(emulator, { 'task-definition-arn': arn, service: 'nope' });
    expect(service.errors.join('\n')).toContain("Input 'service' names no service in cluster 'apps'");
    expect(emulator.requestCount('RunTask')).toBe(runs);
  }, 30_000);
});
