// Asking a task to stop: the one task transition that the scheduler, deployments (a rollback
// drains the failed deployment), StopTask and failed health checks all start.
import type { Task } from '../model.js';
import { seconds } from './timings.js';
import type { World } from './world.js';

/** Asks a task to stop (scheduler draining, StopTask, health check failure). */
export function beginStop(world: World, task: Task, at: number, stopCode: string, reason: string): void {
  if (task.desiredStatus === 'STOPPED') return;
  task.version++;
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = at;
  task.stopCode = stopCode;
  task.stoppedReason = reason;
  if (task.lastStatus === 'RUNNING') {
    task.lastStatus = 'DEACTIVATING';
    task.phase = 'deactivating';
    task.nextAt = at + seconds(world.timings.deactivating);
  } else {
    task.lastStatus = 'STOPPING';
    task.phase = 'stopping';
    task.nextAt = at + seconds(Math.min(world.timings.stopping, 2));
  }
  world.touch(world.serviceOf(task));
}
