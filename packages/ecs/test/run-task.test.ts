// runOneOffTask in-process against the emulator: a file registered then reused, an unreadable log
// stream (the task is still judged), a silent DescribeTasks cut off at the deadline with the task stopped,
// a task that cannot be followed stopped too, a cancel while RunTask gets no answer said plainly, and
// RunTask cut off by the step's timeout after ECS started the task (its answer held by a proxy): the
// task is found by resending RunTask with the same clientToken and stopped, or the error says where to look.
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  StopTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsClient, startTestEmulator, waitFor } from '@shipline/ecs-emulator/testing';
import { collectingLog } from '@shipline/toolkit/testing';
import { CALL_GRACE_MS } from '../src/client/call-deadline.js';
import { createLogsClients, runOneOffTask, type RunTaskOptions } from '../src/index.js';
import { RUN_TASK_CANCEL_WAIT_MS, RUN_TASK_RESEND_MS } from '../src/run-task/send-run-task.js';
import { STOP_BUDGET_MS } from '../src/run-task/stop-task.js';
import { runTaskHoldingProxy, type RunTaskProxy } from './support/run-task-proxy.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
let logs: ReturnType<typeof createLogsClients>;

beforeAll(async () => {
  emulator = await startTestEmulator({
    scenarios: [
      { image: '*:migrate', runFor: 30, logLines: ['applying 0042', 'done'] },
      { image: '*:forever', runFor: 86_400 },
    ],
  });
  ecs = ecsClient(emulator);
  logs = createLogsClients({
    endpoint: emulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await ecs.send(new CreateClusterCommand({ clusterName: 'apps' }));
});
beforeEach(() => emulator.setFaults([]));
afterAll(async () => {
  logs.destroy();
  await emulator.close();
});

const fileOptions = (
  family: string,
  image: string,
  timeoutMs = 60_000,
  startedBy = 'run-task-test',
): RunTaskOptions => ({
  cluster: 'apps',
  source: {
    kind: 'file',
    definition: {
      family,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'app',
          image: 'placeholder',
          essential: true,
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': '/ecs/jobs',
              'awslogs-region': 'us-east-1',
              'awslogs-stream-prefix': 'job',
            },
          },
        },
      ],
    },
  },
  images: new Map([['app', image]]),
  network: { kind: 'explicit', subnets: ['subnet-0a1b'], assignPublicIp: false, launchType: 'FARGATE' },
  timeoutMs,
  startedBy,
});

const deps = () => ({ ecs, logs: logs.forRegion, log: collectingLog() });

/** The tasks `startedBy` started, as the emulator has them now (both desired statuses). */
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
 * runOneOffTask through a proxy in front of the emulator (RunTask's answers held or dropped);
 * `onWarning` sees each warning as it is logged. Settles to the result or the error.
 */
async function runThroughProxy(
  mode: 'hold-first' | 'hold-all' | 'drop-first',
  options: RunTaskOptions,
  onWarning: (message: string, proxy: RunTaskProxy) => void = () => undefined,
) {
  const proxy = await runTaskHoldingProxy(new URL(emulator.url), mode);
  const viaProxy = new ECSClient({
    endpoint: proxy.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const log = collectingLog();
  const warning = log.warning.bind(log);
  log.warning = (message) => {
    warning(message);
    onWarning(message, proxy);
  };
  const startedAt = Date.now();
  try {
    const outcome = await runOneOffTask(options, { ecs: viaProxy, logs: logs.forRegion, log }).then(
      (result) => ({ result, error: undefined }),
      (error: unknown) => ({ result: undefined, error: error as Error }),
    );
    return { ...outcome, log, elapsedMs: Date.now() - startedAt, runTaskCalls: proxy.runTaskCalls() };
  } finally {
    await proxy.close();
    viaProxy.destroy();
  }
}

describe('runOneOffTask (in-process, against the emulator)', () => {
  it('registers a rendered file, streams its log, and reuses the revision when run again unchanged', async () => {
    const first = deps();
    const result = await runOneOffTask(fileOptions('migrate', 'shop/app:migrate'), first);
    expect(result).toMatchObject({
      outcome: 'succeeded',
      exitCode: 0,
      container: 'app',
      lastLines: ['applying 0042', 'done'],
    });
    expect(result.taskDefinitionNote).toBe('registered migrate:1, the first revision of the family');
    expect(first.log.infos).toEqual(expect.arrayContaining(['app | applying 0042', 'app | done']));
    const again = await runOneOffTask(fileOptions('migrate', 'shop/app:migrate'), deps());
    expect(again.taskDefinitionArn).toBe(result.taskDefinitionArn);
    expect(again.taskDefinitionNote).toMatch(/^unchanged from the latest revision migrate:1, reused/);
  }, 30_000);

  it('judges the task when its log cannot be read (AccessDenied on GetLogEvents), with a warning', async () => {
    emulator.setFaults([{ operation: 'GetLogEvents', type: 'access-denied' }]);
    const run = deps();
    const result = await runOneOffTask(fileOptions('denied', 'shop/app:migrate'), run);
    expect(result.outcome).toBe('succeeded');
    expect(result.logNote).toMatch(
      /^the log stream \/ecs\/jobs\/job\/app\/[0-9a-f]{32} could not be read \(AccessDeniedException: /,
    );
    expect(run.log.warnings).toEqual([result.logNote]);
  }, 30_000);

  it('ends at the deadline when DescribeTasks never answers, and stops the task', async () => {
    emulator.setFaults([{ operation: 'DescribeTasks', type: 'silent' }]);
    const stops = emulator.requestCount('StopTask');
    const started = Date.now();
    const result = await runOneOffTask(fileOptions('silent', 'shop/app:forever', 3_000), deps());
    expect(Date.now() - started).toBeLessThan(3_000 + CALL_GRACE_MS + STOP_BUDGET_MS);
    expect(result.outcome).toBe('timed-out');
    expect(result.stopNote).toMatch(
      /^task [0-9a-f]{32} stopped \(StopTask sent: Timed out \(Shipline run-task\)\)$/,
    );
    expect(emulator.requestCount('StopTask')).toBe(stops + 1);
    emulator.setFaults([]);
    const [task] = (await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: [result.taskArn!] })))
      .tasks!;
    expect(task!.desiredStatus).toBe('STOPPED');
  }, 30_000);

  it('stops the task when following it fails (DescribeTasks denied after RunTask): nothing left running', async () => {
    emulator.setFaults([{ operation: 'DescribeTasks', type: 'access-denied' }]);
    const stops = emulator.requestCount('StopTask');
    const error = await runOneOffTask(fileOptions('unfollowed', 'shop/app:forever'), deps()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/not authorized to perform: ecs:DescribeTasks/);
    expect(error?.message).toMatch(/; task [0-9a-f]{32} stopped \(StopTask sent: Could not be followed/);
    expect(emulator.requestCount('StopTask')).toBe(stops + 1);
    emulator.setFaults([]);
    const arn = /task ([0-9a-f]{32}) stopped/.exec(error!.message)![1]!;
    const [task] = (await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: [arn] }))).tasks!;
    expect(task!.desiredStatus).toBe('STOPPED');
  }, 30_000);

  it('a cancel while RunTask is never answered: waits, resends it once (same clientToken), then says a task may be running', async () => {
    emulator.setFaults([{ operation: 'RunTask', type: 'silent' }]);
    const before = emulator.requestCount('RunTask');
    const cancel = new AbortController();
    const run = { ...deps(), signal: cancel.signal };
    const outcome = runOneOffTask(fileOptions('unanswered', 'shop/app:forever'), run).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    await waitFor('RunTask to be in flight', () => emulator.requestCount('RunTask') > before, 15_000);
    const sentAt = Date.now();
    cancel.abort();
    const error = await outcome;
    const waited = Date.now() - sentAt;
    expect(waited).toBeGreaterThanOrEqual(RUN_TASK_CANCEL_WAIT_MS + RUN_TASK_RESEND_MS - 50);
    expect(waited).toBeLessThan(STOP_BUDGET_MS);
    expect(emulator.requestCount('RunTask')).toBe(before + 2);
    expect(run.log.warnings).toEqual([
      'Cancelled while RunTask was in flight: waiting up to 2s for its answer, to stop the task it started.',
    ]);
    expect(error?.message).toBe(
      "The run was cancelled while RunTask was in flight, and RunTask got no answer within 3s of the cancel, sent twice with the same clientToken: a task started by 'run-task-test' may be running; look with aws ecs list-tasks --cluster apps --started-by run-task-test",
    );
  }, 30_000);

  describe("RunTask cut off by the step's timeout after ECS started the task (its answer held by a proxy)", () => {
    const CUT_OFF_WARNING =
      'Timed out while RunTask was in flight: sending it once more with the same clientToken (up to 1s), to stop the task it may have started.';
    // The step's own deadline is under test: 3 s, RunTask's answer held past its hard stop (3 s later).
    const TIMEOUT_MS = 3_000;
    const BOUND_MS = TIMEOUT_MS + CALL_GRACE_MS + RUN_TASK_RESEND_MS + STOP_BUDGET_MS;

    it('the resend with the same clientToken finds the task: StopTask, the step fails saying the timeout was reached', async () => {
      let answeredBeforeCut: boolean | undefined;
      const run = await runThroughProxy(
        'hold-first',
        fileOptions('cut-off', 'shop/app:forever', TIMEOUT_MS, 'runtask-timed-out'),
        (message, proxy) => {
          if (message !== CUT_OFF_WARNING) return;
          // The deadline has fired with ECS's answer (the task) still held: only now is it handed
          // over, to a caller that has hung up.
          answeredBeforeCut = proxy.answersHeld() === 1;
          proxy.release();
        },
      );
      // The emulator's ground truth: one task for the run (the resend found it), stopped by run-task.
      const tasks = await tasksStartedBy('runtask-timed-out');
      expect(tasks).toHaveLength(1);
      const [task] = tasks;
      expect(task!.desiredStatus).toBe('STOPPED');
      expect(task!.stopCode).toBe('UserInitiated');
      expect(task!.stoppedReason).toBe('Timed out (Shipline run-task)');
      expect(run.error).toBeUndefined();
      expect(answeredBeforeCut).toBe(true);
      expect(run.runTaskCalls).toBe(2);
      expect(run.elapsedMs).toBeLessThan(BOUND_MS);
      const id = task!.taskArn!.slice(task!.taskArn!.lastIndexOf('/') + 1);
      expect(run.result).toMatchObject({ outcome: 'timed-out', taskArn: task!.taskArn });
      expect(run.result!.failure).toBe(
        `Task ${id} (cut-off:1) did not stop before the timeout: container app has no exit code; ` +
          `RunTask was answered only after the step's timeout (resent with the same clientToken); ` +
          `task ${id} stopped (StopTask sent: Timed out (Shipline run-task)).`,
      );
      expect(run.log.warnings[0]).toBe(CUT_OFF_WARNING);
    }, 30_000);

    it('no answer at all: the error says a task may be running and how to find it (it does find it)', async () => {
      const run = await runThroughProxy(
        'hold-all',
        fileOptions('cut-off-silent', 'shop/app:forever', TIMEOUT_MS, 'runtask-unanswered'),
      );
      expect(run.runTaskCalls).toBe(2);
      expect(run.elapsedMs).toBeLessThan(BOUND_MS);
      expect(run.log.warnings).toEqual([CUT_OFF_WARNING]);
      expect(run.error?.message).toMatch(
        new RegExp(
          "^The step's timeout was reached while RunTask was in flight, and RunTask got no answer in " +
            "[0-9.]+s, sent twice with the same clientToken: a task started by 'runtask-unanswered' may " +
            'be running; look with aws ecs list-tasks --cluster apps --started-by runtask-unanswered$',
        ),
      );
      // The emulator's ground truth: the one task ECS started is what that command finds.
      const tasks = await tasksStartedBy('runtask-unanswered');
      expect(tasks.map((t) => t.desiredStatus)).toEqual(['RUNNING']);
      await ecs.send(new StopTaskCommand({ cluster: 'apps', task: tasks[0]!.taskArn! }));
    }, 30_000);
  });

  it('a RunTask answer lost and retried inside callEcs reuses the clientToken: one task, not two', async () => {
    const run = await runThroughProxy(
      'drop-first',
      fileOptions('dropped', 'shop/app:migrate', 60_000, 'runtask-dropped'),
    );
    expect(run.error).toBeUndefined();
    expect(run.result?.outcome).toBe('succeeded');
    expect(run.runTaskCalls).toBeGreaterThanOrEqual(2);
    const tasks = await tasksStartedBy('runtask-dropped');
    expect(tasks.map((t) => t.taskArn)).toEqual([run.result!.taskArn]);
  }, 30_000);
});
