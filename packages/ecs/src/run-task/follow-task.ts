// Waiting for a one-off task to stop: DescribeTasks with a poll that backs off while nothing
// changes, its log read on every look, progress lines on each status change; bounded by the deadline.
import { DescribeTasksCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import { formatDuration, poll, PollTimeoutError, systemClock, type ActionLog } from '@shipline/toolkit';
import { callEcs, type CallContext } from '../client/ecs-client.js';
import type { LogFollower } from './log-follower.js';

/** Polls start at 1 s and back off to this: the step notices STOPPED at most this late. */
export const MAX_POLL_MS = 2_000;

export interface FollowedTask {
  /** The task as last seen (undefined if never described). */
  task: Task | undefined;
  ended: 'stopped' | 'timed-out' | 'cancelled';
}

export async function followTask(
  ecs: ECSClient,
  cluster: string,
  taskArn: string,
  follower: LogFollower | undefined,
  log: ActionLog,
  context: CallContext,
): Promise<FollowedTask> {
  const clock = context.clock ?? systemClock;
  const startedAt = clock.now();
  let last: Task | undefined;
  let lines = 0;
  try {
    const task = await poll<Task | undefined>({
      check: async () => {
        const answer = await callEcs(context, (o) =>
          ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }), o),
        );
        const task = answer.tasks?.[0];
        if (task && task.lastStatus !== last?.lastStatus) {
          log.info(
            `Task ${taskId(taskArn)}: ${task.lastStatus} after ${formatDuration(clock.now() - startedAt)}`,
          );
        }
        if (task) last = task;
        lines += follower ? await follower.poll(context) : 0;
        return {
          done: task?.lastStatus === 'STOPPED',
          value: task,
          fingerprint: `${task?.lastStatus}/${lines}`,
        };
      },
      deadline: context.deadline,
      minIntervalMs: 1_000,
      maxIntervalMs: MAX_POLL_MS,
      backoffFactor: 1.5,
      ...(context.signal ? { signal: context.signal } : {}),
      clock,
    });
    return { task, ended: 'stopped' };
  } catch (error) {
    if (context.signal?.aborted) return { task: last, ended: 'cancelled' };
    if (error instanceof PollTimeoutError || clock.now() >= context.deadline)
      return { task: last, ended: 'timed-out' };
    throw error;
  }
}

export const taskId = (taskArn: string) => taskArn.slice(taskArn.lastIndexOf('/') + 1);
