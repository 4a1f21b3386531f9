// run-task (bundled dist against the emulator): a timeout and a SIGINT both stop the task (StopTask)
// and say so; SIGINT's within the runner's grace.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** The tasks `startedBy` started, as ECS has them now (both desired statuses). */
async function tasksStartedBy(startedBy: string): Promise<Task[]> {
  const arns: string[] = [];
  for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
    const list = await ecs.send(new ListTasksCommand({ cluster: 'apps', startedBy, desiredStatus }));
    arns.push(...(list.taskArns ?? []));
  }
  if (arns.length === 0) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: arns }))).tasks ?? [];
}

/**
 * A loopback proxy in front of the emulator that passes every call through, except that it holds
 * the emulator's answer to the first RunTask (the task is started) until `release()`.
 */
async function runTaskHoldingProxy(): Promise<{
  url: string;
  /** Resolves once the emulator has answered the first RunTask: its task exists, run-task waits. */
  held: Promise<void>;
  release(): void;
  runTaskCalls(): number;
  close(): Promise<void>;
}> {
  let runTasks = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let seen!: () => void;
  const held = new Promise<void>((resolve) => (seen = resolve));
  const target = new URL(emulator.url);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hold = /\.RunTask$/.test(String(req.headers['x-amz-target'])) && ++runTasks === 1;
      const forward = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, connection: 'close' },
          agent: false,
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            const send = () => {
              res.writeHead(answer.statusCode ?? 500, { ...answer.headers, connection: 'close' });
              res.end(Buffer.concat(body));
            };
            if (!hold) return send();
            seen();
            void released.then(send);
          });
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
    res.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    release,
    runTaskCalls: () => runTasks,
    close: () => {
      release();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
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

  describe('SIGINT while RunTask is in flight (its answer held by a proxy): the task it started is stopped', () => {
    async function cancelDuringRunTask(startedBy: string, answerAfterCancel: boolean) {
      const arn = await registerJob(ecs, `${startedBy}-job`, 'shop/app:forever');
      const proxy = await runTaskHoldingProxy();
      const cancel = new AbortController();
      let waiting!: () => void;
      // run-task says when it waits for RunTask's answer after the cancel; then the proxy hands it over.
      const waitsForAnswer = new Promise<void>((resolve) => (waiting = resolve));
      const step = runAction({
        actionDir,
        inputs: { cluster: 'apps', service: 'web', 'task-definition-arn': arn, 'started-by': startedBy },
        env: { ...emulator.env, AWS_ENDPOINT_URL_ECS: proxy.url },
        signal: cancel.signal,
        onLine: (stage, _stream, text) => {
          if (stage === 'main' && /Cancelled while RunTask was in flight/.test(text)) waiting();
        },
      });
      try {
        await Promise.race([
          proxy.held,
          step.then(() => {
            throw new Error('run-task ended before RunTask was answered');
          }),
        ]);
        // ECS has started the task; run-task has not had RunTask's answer.
        expect(await tasksStartedBy(startedBy)).toHaveLength(1);
        const sentAt = Date.now();
        cancel.abort();
        if (answerAfterCancel) void Promise.race([waitsForAnswer, step]).then(() => proxy.release());
        const run = await step;
        return { run, elapsedMs: Date.now() - sentAt, runTaskCalls: proxy.runTaskCalls() };
      } finally {
        await proxy.close();
      }
    }

    async function expectNothingLeft(startedBy: string, errors: string): Promise<void> {
      // The emulator's ground truth: the run started one task, and it is stopped by run-task's StopTask.
      const tasks = await tasksStartedBy(startedBy);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]!.desiredStatus).toBe('STOPPED');
      expect(tasks[0]!.stopCode).toBe('UserInitiated');
      expect(tasks[0]!.stoppedReason).toBe('Cancelled by the workflow run (Shipline run-task)');
      expect(errors).toContain(
        `task ${taskIdOf(tasks[0]!.taskArn!)} stopped (StopTask sent: Cancelled by the workflow run (Shipline run-task))`,
      );
    }

    it('the answer comes after the SIGINT: StopTask for its task, within the grace', async () => {
      const { run, elapsedMs } = await cancelDuringRunTask('sigint-in-runtask', true);
      expect(elapsedMs).toBeLessThan(GRACE_MS);
      const main = run.stages.find((s) => s.stage === 'main')!;
      expect(main.signalsSent).toEqual(['SIGINT']);
      expect(main.exitCode).not.toBe(0);
      const errors = run.errors.join('\n');
      expect(errors).toContain('was cancelled');
      await expectNothingLeft('sigint-in-runtask', errors);
      expect(run.summary).toContain('### run-task: 🛑 cancelled');
    }, 30_000);

    it('the answer never comes: RunTask again with the same clientToken finds the task, StopTask, within the grace', async () => {
      const { run, elapsedMs, runTaskCalls } = await cancelDuringRunTask('sigint-runtask-lost', false);
      expect(elapsedMs).toBeLessThan(GRACE_MS);
      expect(runTaskCalls).toBe(2);
      const main = run.stages.find((s) => s.stage === 'main')!;
      expect(main.signalsSent).toEqual(['SIGINT']);
      expect(main.exitCode).not.toBe(0);
      await expectNothingLeft('sigint-runtask-lost', run.errors.join('\n'));
    }, 30_000);
  });
});

const taskIdOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
