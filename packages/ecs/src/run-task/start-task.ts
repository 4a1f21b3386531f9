// RunTask for one task with the command and environment overrides; ECS's `failures` become an error.
// A cancel or the deadline cutting RunTask off does not lose the task it started (send-run-task).
import { randomUUID } from 'node:crypto';
import type { ECSClient, RunTaskCommandInput, Task } from '@aws-sdk/client-ecs';
import type { CallContext } from '../client/ecs-client.js';
import type { RunTaskOptions } from './run-task-types.js';
import { sendRunTask, type RunTaskCutOff } from './send-run-task.js';
import type { TaskSetup } from './task-setup.js';

/** ECS started no task: its `failures` in one sentence (e.g. no capacity, a missing subnet). */
export class TaskNotStartedError extends Error {
  override name = 'TaskNotStartedError';
}

/**
 * Starts the task. `onCutOff` is told when a cancel (context.signal) comes while RunTask is in
 * flight, or the deadline cuts it off: RunTask is then resent once with the same clientToken if its
 * answer is missing, and the task is returned (the caller stops it) or an error says that a task
 * may be running (sendRunTask).
 */
export async function startTask(
  ecs: ECSClient,
  options: RunTaskOptions,
  setup: TaskSetup,
  context: CallContext,
  onCutOff: (by: RunTaskCutOff, waitMs: number) => void = () => undefined,
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
  const answer = await sendRunTask(ecs, input, context, onCutOff);
  const task = answer.tasks?.[0];
  if (task?.taskArn) return task;
  const failures = (answer.failures ?? []).map((f) =>
    [f.reason, f.detail, f.arn && `(${f.arn})`].filter(Boolean).join(' '),
  );
  throw new TaskNotStartedError(
    `ECS started no task: ${failures.length > 0 ? failures.join('; ') : 'RunTask answered with neither a task nor a failure'}`,
  );
}
