// The behaviour: run-task is packages/ecs's runOneOffTask, with the clients, log and signal passed in.
import { runOneOffTask, type RunTaskDeps, type RunTaskOptions, type RunTaskResult } from '@shipline/ecs';

export type RunDeps = RunTaskDeps;

/** Runs one task from the task definition, streams its log and waits for it to stop. */
export function run(options: RunTaskOptions, deps: RunDeps): Promise<RunTaskResult> {
  return runOneOffTask(options, deps);
}
