// run-task (bundled dist against the emulator): a timeout and a SIGINT both stop the task (StopTask)
// and say so; SIGINT's within the runner's grace.
import { DescribeTasksCommand, ListTasksCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runAction } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsClient, startTestEmulator, waitFor } from '@shipline/ecs-emulator/testing';
import { actionDir, registerJob, runTaskStep, setUpCluster } from './support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
/** The runner's grace between SIGINT and SIGTERM: the step must be gone before it ends. */
const GRACE_MS = 7_500;

beforeAll(async () => {
  // At x400 a day-long task outlives every test.
  emulator = await startTestEmulator({
    scenarios: [{ image: '*:forever', runFor: 86_400, logLines: ['waiting for the lock'] }],
  });
  ecs = ecsClient(emulator);
  await setUpCluster(ecs);
});
afterAll(() => emulator.close());

async function describeTask(arn: string): Promise<Task> {
  return (await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: [arn] }))).tasks![0]!;
}

describe('run-task stops its task (bundled dist against the emulator)', () => {
  it('at the timeout: StopTask, the step fails saying so', async () => {
    const arn = await registerJob(ecs, 'slow', 'shop/app:forever');
    const stops = emulator.requestCount('StopTask');
    const started = Date.now();
    const run = await runTaskStep(emulator, { 'task-definition-arn': arn, timeout: '10s' });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.exitCode).toBe(1);
    expect(emulator.requestCount('StopTask')).toBe(stops + 1);
    const error = run.errors.join('\n');
    expect(error).toMatch(
      /did not stop before the timeout: .*task [0-9a-f]{32} stopped \(StopTask sent: Timed out \(Shipline run-task\)\)/,
    );
    expect(error).toContain('waiting for the lock');
    expect(run.summary).toContain('### run-task: ⏱️ timed out');
    const task = await describeTask(run.outputs['task-arn']!);
    expect(task.desiredStatus).toBe('STOPPED');
    expect(task.stoppedReason).toBe('Timed out (Shipline run-task)');
  }, 30_000);

  it('on SIGINT: StopTask within the grace, the step ends cancelled and says so', async () => {
    const arn = await registerJob(ecs, 'cancelled', 'shop/app:forever');
    const cancel = new AbortController();
    // The cancel lands once the task runs and run-task has RunTask's answer (its "Started task" line),
    // not a fixed time after ECS started it: a busy machine may take longer to read that answer.
    let answered!: () => void;
    const runTaskAnswered = new Promise<void>((resolve) => (answered = resolve));
    const step = runAction({
      actionDir,
      inputs: { cluster: 'apps', service: 'web', 'task-definition-arn': arn, 'started-by': 'sigint-test' },
      env: emulator.env,
      signal: cancel.signal,
      onLine: (stage, _stream, text) => {
        if (stage === 'main' && /Started task [0-9a-f]{32} /.test(text)) answered();
      },
    });
    const taskArn = await waitFor(
      'the task to run',
      async () => {
        const list = await ecs.send(new ListTasksCommand({ cluster: 'apps', startedBy: 'sigint-test' }));
        const found = list.taskArns?.[0];
        return found && (await describeTask(found)).lastStatus === 'RUNNING' ? found : undefined;
      },
      15_000,
    );
    await Promise.race([
      runTaskAnswered,
      step.then(() => {
        throw new Error('run-task ended before it started the task');
      }),
    ]);
    const sentAt = Date.now();
    cancel.abort();
    const run = await step;
    const main = run.stages.find((s) => s.stage === 'main')!;
    expect(Date.now() - sentAt).toBeLessThan(GRACE_MS);
    expect(main.signalsSent).toEqual(['SIGINT']);
    expect(main.exitCode).not.toBe(0);
    expect(run.errors.join('\n')).toContain('was cancelled');
    expect(run.errors.join('\n')).toContain(
      'stopped (StopTask sent: Cancelled by the workflow run (Shipline run-task))',
    );
    expect(run.summary).toContain('### run-task: 🛑 cancelled');
    expect(run.outputs['task-arn']).toBe(taskArn);
    const task = await describeTask(taskArn);
    expect(task.desiredStatus).toBe('STOPPED');
    expect(task.stopCode).toBe('UserInitiated');
  }, 30_000);
});
