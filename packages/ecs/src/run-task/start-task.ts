// RunTask for one task with the command and environment overrides; ECS's `failures` become an error.
// A cancel while RunTask is in flight does not abort it: the task it started is needed to stop it.
import { randomUUID } from 'node:crypto';
import { RunTaskCommand, type ECSClient, type RunTaskCommandInput, type Task } from '@aws-sdk/client-ecs';
import { abortReason, formatDuration, systemClock } from '@shipline/toolkit';
import { describeAwsError } from '../client/aws-errors.js';
import { CallDeadlineError, clockDeadline } from '../client/call-deadline.js';
import { callEcs, type CallContext } from '../client/ecs-client.js';
import type { RunTaskOptions } from './run-task-types.js';
import type { TaskSetup } from './task-setup.js';

/** ECS started no task: its `failures` in one sentence (e.g. no capacity, a missing subnet). */
export class TaskNotStartedError extends Error {
  override name = 'TaskNotStartedError';
}

/**
 * After a cancel, RunTask's answer is still waited for this long: ECS has usually received the call
 * already, and only its answer names the task to stop (stop-task's STOP_BUDGET_MS, 5 s from the
 * cancel, covers this wait, the resend below and the StopTask).
 */
export const RUN_TASK_CANCEL_WAIT_MS = 2_000;
/** Then RunTask is sent once more with the same clientToken (ECS answers with the task it started). */
export const RUN_TASK_RESEND_MS = 1_000;

/**
 * Starts the task. `onCancel` is told when a cancel (context.signal) comes while RunTask is in
 * flight: the call then goes on for up to RUN_TASK_CANCEL_WAIT_MS, is resent once with the same
 * clientToken if its answer is still missing, and the task is returned (the caller stops it) or an
 * error says that a task may be running.
 */
export async function startTask(
  ecs: ECSClient,
  options: RunTaskOptions,
  setup: TaskSetup,
  context: CallContext,
  onCancel: (waitMs: number) => void = () => undefined,
): Promise<Task> {
  const names = new Set([...(options.environment?.keys() ?? [])]);
  if (options.command) names.add(setup.container.name!);
  const containerOverrides = [...names].map((name) => ({
    name,
    ...(name === setup.container.name && options.command ? { command: options.command } : {}),
    ...(options.environment?.has(name)
      ? { environment: [...options.environment.get(name)!].map(([key, value]) => ({ name: key, value })) }
      : {}),
  }));
  // A retried RunTask (an answer lost to a timeout or a 5xx) must not start a second task: ECS
  // answers a repeated clientToken with the task it already started.
  const input: RunTaskCommandInput = {
    cluster: options.cluster,
    taskDefinition: setup.definition.taskDefinitionArn!,
    count: 1,
    clientToken: randomUUID(),
    startedBy: options.startedBy,
    ...setup.placement,
    ...(containerOverrides.length > 0 ? { overrides: { containerOverrides } } : {}),
  };
  const answer = await runTaskThroughCancel(ecs, input, context, onCancel);
  const task = answer.tasks?.[0];
  if (task?.taskArn) return task;
  const failures = (answer.failures ?? []).map((f) =>
    [f.reason, f.detail, f.arn && `(${f.arn})`].filter(Boolean).join(' '),
  );
  throw new TaskNotStartedError(
    `ECS started no task: ${failures.length > 0 ? failures.join('; ') : 'RunTask answered with neither a task nor a failure'}`,
  );
}

/**
 * RunTask, bounded by the context's deadline but not aborted by its cancel signal: after a cancel
 * the call goes on for RUN_TASK_CANCEL_WAIT_MS, then is resent once with the same clientToken.
 */
async function runTaskThroughCancel(
  ecs: ECSClient,
  input: RunTaskCommandInput,
  context: CallContext,
  onCancel: (waitMs: number) => void,
) {
  const clock = context.clock ?? systemClock;
  const cancel = context.signal;
  const send = (c: CallContext) => callEcs(c, (o) => ecs.send(new RunTaskCommand(input), o));
  if (!cancel) return send(context);
  if (cancel.aborted) throw abortReason(cancel);
  const wait = new AbortController();
  let cancelledAt: number | undefined;
  let waitDeadline: { dispose(): void } | undefined;
  const onAbort = () => {
    cancelledAt = clock.now();
    onCancel(RUN_TASK_CANCEL_WAIT_MS);
    const deadline = clockDeadline(clock, cancelledAt + RUN_TASK_CANCEL_WAIT_MS, () => abortReason(cancel));
    waitDeadline = deadline;
    deadline.signal.addEventListener('abort', () => wait.abort(deadline.signal.reason), { once: true });
  };
  cancel.addEventListener('abort', onAbort, { once: true });
  try {
    return await send({ ...context, signal: wait.signal });
  } catch (error) {
    if (cancelledAt === undefined || !wait.signal.aborted) throw error;
    const until = cancelledAt + RUN_TASK_CANCEL_WAIT_MS + RUN_TASK_RESEND_MS;
    return await send({ deadline: until, hardStop: until, clock }).catch((resent: unknown) => {
      const what =
        resent instanceof CallDeadlineError
          ? `got no answer within ${formatDuration(until - cancelledAt!)} of the cancel, sent twice with the same clientToken`
          : `resent with the same clientToken, failed (${describeAwsError(resent)})`;
      throw new Error(
        `The run was cancelled while RunTask was in flight, and RunTask ${what}: a task started by ` +
          `'${input.startedBy}' may be running; look with aws ecs list-tasks --cluster ${input.cluster} ` +
          `--started-by ${input.startedBy}`,
        { cause: resent },
      );
    });
  } finally {
    cancel.removeEventListener('abort', onAbort);
    waitDeadline?.dispose();
  }
}
