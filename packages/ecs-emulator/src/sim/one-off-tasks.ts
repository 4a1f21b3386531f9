// One-off tasks (RunTask, no service): launched as a service's task is, but the essential container
// runs for the scenario's `runFor` and exits on its own with its `exitCode`, or its image cannot be pulled.
import type { OneOffRun } from '../model-one-off.js';
import type { Task, TaskDefinition, TaskPhase } from '../model.js';
import { mainContainer, provisioningTask, stepTask } from './task-lifecycle.js';
import { beginStop } from './task-stop.js';
import { seconds } from './timings.js';
import type { World } from './world.js';

/** What ECS says of a container whose image it cannot pull (AWS: "CannotPullContainer task errors"). */
export function cannotPullReason(image: string): string {
  return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: not found`;
}

export function launchOneOff(
  world: World,
  clusterName: string,
  definition: TaskDefinition,
  run: Omit<OneOffRun, 'runForMs' | 'exitCode' | 'logLines' | 'cannotPull'>,
  started: { startedBy?: string; group?: string },
  at: number,
): Task {
  const image = String(mainContainer(definition.body)?.image ?? '');
  const behaviour = world.scenarios().behaviourFor(image);
  const task: Task = {
    ...provisioningTask(
      world,
      {
        clusterName,
        taskDefinitionArn: definition.arn,
        image,
        behaviour,
        group: started.group ?? `family:${definition.family}`,
      },
      at,
    ),
    ...(started.startedBy !== undefined ? { startedBy: started.startedBy } : {}),
    oneOff: {
      ...run,
      runForMs: seconds(behaviour.oneOff.runFor),
      exitCode: behaviour.oneOff.exitCode,
      logLines: behaviour.oneOff.logLines,
      cannotPull: behaviour.oneOff.cannotPull,
    },
  };
  world.deps.images.status(image);
  world.addTask(task);
  world.touch(undefined); // no service to mark: makes the world look at its tasks' times again
  return task;
}

/** The world's task rule: one-off tasks exit on their own after `runFor`; service tasks as before. */
export function stepAnyTask(world: World, task: Task, at: number): void {
  const run = task.oneOff;
  if (!run) return stepTask(world, task, at);
  if (task.phase === 'starting-health') {
    // The essential container ends on its own: ECS stops the task around it.
    task.exitCode = run.exitCode;
    task.succeeded = run.exitCode === 0;
    beginStop(world, task, at, 'EssentialContainerExited', 'Essential container in task exited');
    return;
  }
  if ((task.phase === 'pulling' || task.phase === 'awaiting-image') && run.cannotPull) {
    const reason = cannotPullReason(task.image);
    task.version++;
    task.pullStoppedAt = at;
    task.containerReason = reason;
    task.desiredStatus = 'STOPPED';
    task.stoppingAt = at;
    task.stopCode = 'TaskFailedToStart';
    task.stoppedReason = reason;
    task.lastStatus = 'STOPPED';
    task.phase = 'stopped';
    task.stoppedAt = at;
    task.nextAt = undefined;
    return;
  }
  stepTask(world, task, at);
  // Just started: no health checks for a one-off, it runs until its container exits.
  if ((task.phase as TaskPhase) === 'starting-health') task.nextAt = at + run.runForMs;
}
