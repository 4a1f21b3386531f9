// StopTask on a timed-out or cancelled run, within the runner's grace, saying what it did.
import { StopTaskCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { systemClock, type Clock } from '@shipline/toolkit';
import { describeAwsError } from '../client/aws-errors.js';
import { callEcs } from '../client/ecs-client.js';
import { taskId } from './follow-task.js';

/**
 * The runner sends SIGTERM 7.5 s after SIGINT and kills the step 2.5 s later: StopTask is sent
 * within this, so the step still reports and exits in time (as deploy-ecs's CANCEL_BUDGET_MS).
 */
export const STOP_BUDGET_MS = 5_000;

/**
 * Sends StopTask (ECS then sends the containers SIGTERM, SIGKILL after stopTimeout) by `deadline`
 * (default STOP_BUDGET_MS from now); never throws.
 */
export async function stopTask(
  ecs: ECSClient,
  cluster: string,
  taskArn: string,
  reason: string,
  clock: Clock = systemClock,
  deadline = clock.now() + STOP_BUDGET_MS,
): Promise<string> {
  try {
    await callEcs({ deadline, hardStop: deadline, clock }, (o) =>
      ecs.send(new StopTaskCommand({ cluster, task: taskArn, reason }), o),
    );
    return `task ${taskId(taskArn)} stopped (StopTask sent: ${reason})`;
  } catch (error) {
    return `task ${taskId(taskArn)} may still be running: StopTask failed (${describeAwsError(error)})`;
  }
}
