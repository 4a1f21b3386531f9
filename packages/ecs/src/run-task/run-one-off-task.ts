// runOneOffTask: set up, RunTask, follow to STOPPED with the log streamed, judge; StopTask on
// timeout or cancel (RunTask cut off by either included: it is resent with the same clientToken, to
// stop the task it started). Every call is bounded by the step's deadline (start/run-context).
import type { Task } from '@aws-sdk/client-ecs';
import { shortArn } from '../task-definition/names.js';
import { followUpContext } from '../client/ecs-client.js';
import { beginRun } from '../start/run-context.js';
import { followTask, taskId, type FollowedTask } from './follow-task.js';
import { awslogsStream, LogFollower } from './log-follower.js';
import type { RunTaskDeps, RunTaskOptions, RunTaskResult } from './run-task-types.js';
import { startTask, TaskNotStartedError } from './start-task.js';
import { STOP_BUDGET_MS, stopTask } from './stop-task.js';
import { failureMessage, judgeStoppedTask } from './task-verdict.js';
import { setUpTask } from './task-setup.js';

/** Time after STOPPED to read the rest of the log (CloudWatch takes a moment to ingest). */
const LOG_DRAIN_MS = 3_000;
/** StopTask after a cancel or a cut-off RunTask has at least this long, however long RunTask took. */
const STOP_MIN_MS = 2_000;

export async function runOneOffTask(options: RunTaskOptions, deps: RunTaskDeps): Promise<RunTaskResult> {
  const { log } = deps;
  const { clock, context } = await beginRun(deps, options.timeoutMs);
  const setup = await log.group('Task definition and network', async () => {
    const found = await setUpTask(deps.ecs, options, context);
    log.info(`Task definition ${shortArn(found.definition.taskDefinitionArn)}: ${found.note}.`);
    log.info(`Network: ${found.networkNote}.`);
    log.info(
      `Watching container ${found.container.name}${options.command ? `, command ${JSON.stringify(options.command)}` : ''}.`,
    );
    return found;
  });
  const container = setup.container.name!;
  const startedAt = clock.now();
  // The cancel's StopTask is sent within STOP_BUDGET_MS of the cancel itself, a wait for RunTask's
  // answer included, so the step ends within the runner's grace; after RunTask was cut off by the
  // deadline, within STOP_BUDGET_MS of the cut.
  let cancelledAt: number | undefined;
  let cutOffAt: number | undefined;
  deps.signal?.addEventListener('abort', () => (cancelledAt ??= clock.now()), { once: true });
  if (deps.signal?.aborted) cancelledAt = clock.now();
  let task: Task;
  try {
    task = await startTask(deps.ecs, options, setup, context, (by, waitMs) => {
      if (by === 'cancel') {
        return log.warning(
          `Cancelled while RunTask was in flight: waiting up to ${waitMs / 1000}s for its answer, to stop the task it started.`,
        );
      }
      cutOffAt = clock.now();
      log.warning(
        `Timed out while RunTask was in flight: sending it once more with the same clientToken (up to ${waitMs / 1000}s), to stop the task it may have started.`,
      );
    });
  } catch (error) {
    if (!(error instanceof TaskNotStartedError)) throw error;
    const result = {
      outcome: 'not-started' as const,
      taskDefinitionArn: setup.definition.taskDefinitionArn!,
      taskDefinitionNote: setup.note,
      container,
      durationSeconds: Math.round((clock.now() - startedAt) / 1000),
      lastLines: [],
    };
    return { ...result, failure: `${error.message}; nothing is left running.` };
  }
  const arn = task.taskArn!;
  log.info(`Started task ${taskId(arn)} (started by ${options.startedBy}); waiting for it to stop.`);

  const region = await deps.ecs.config.region();
  const stream = awslogsStream(setup.container, taskId(arn), region);
  const follower =
    typeof stream === 'string'
      ? undefined
      : new LogFollower(deps.logs(stream.region), stream, `${container} |`, log);
  if (typeof stream === 'string') log.info(`No log to stream: ${stream}.`);
  else log.info(`Streaming ${stream.group}/${stream.stream}:`);

  // A task that cannot be followed (DescribeTasks denied, say) is stopped: nothing left running.
  // One that RunTask named only after the deadline is not followed: the step has timed out.
  const followed: FollowedTask =
    cutOffAt !== undefined
      ? { task: undefined, ended: 'timed-out' }
      : await followTask(deps.ecs, options.cluster, arn, follower, log, context).catch(
          async (error: unknown) => {
            const stopped = await stopTask(
              deps.ecs,
              options.cluster,
              arn,
              'Could not be followed (Shipline run-task)',
              clock,
            );
            throw new Error(`${(error as Error).message}; ${stopped}`, { cause: error });
          },
        );
  let stopNote: string | undefined;
  if (followed.ended !== 'stopped') {
    const stopFrom = followed.ended === 'cancelled' ? cancelledAt : cutOffAt;
    stopNote = await stopTask(
      deps.ecs,
      options.cluster,
      arn,
      followed.ended === 'cancelled'
        ? 'Cancelled by the workflow run (Shipline run-task)'
        : 'Timed out (Shipline run-task)',
      clock,
      stopFrom !== undefined ? Math.max(stopFrom + STOP_BUDGET_MS, clock.now() + STOP_MIN_MS) : undefined,
    );
    if (cutOffAt !== undefined) {
      stopNote = `RunTask was answered only after the step's timeout (resent with the same clientToken); ${stopNote}`;
    }
    log.warning(`${followed.ended === 'cancelled' ? 'Cancelled' : 'Timed out'}: ${stopNote}`);
  } else if (follower) {
    await follower.poll(followUpContext({ ...context, signal: undefined }, LOG_DRAIN_MS)).catch(() => 0);
  }

  const verdict =
    followed.ended === 'stopped' && followed.task ? judgeStoppedTask(followed.task, container) : undefined;
  const base = {
    outcome: verdict?.outcome ?? (followed.ended === 'stopped' ? 'failed' : followed.ended),
    ...verdict,
    taskDefinitionArn: setup.definition.taskDefinitionArn!,
    taskDefinitionNote: setup.note,
    container,
    taskArn: arn,
    durationSeconds: Math.round((clock.now() - startedAt) / 1000),
    lastLines: follower?.lastLines() ?? [],
    ...(typeof stream === 'string' ? { logNote: stream } : follower?.note ? { logNote: follower.note } : {}),
    ...(stopNote ? { stopNote } : {}),
  } as Omit<RunTaskResult, 'failure'>;
  if (base.outcome !== 'succeeded' && base.exitCode === undefined && followed.task) {
    const watched = followed.task.containers?.find((c) => c.name === container);
    if (watched?.exitCode !== undefined) base.exitCode = watched.exitCode;
  }
  const failure = failureMessage(base, `Task ${taskId(arn)} (${shortArn(base.taskDefinitionArn)})`);
  return failure ? { ...base, failure } : base;
}
