// What the scheduler and the strategies ask of a task: is it live, is it serving traffic.
import type { Task } from '../model.js';

export const isLive = (task: Task) => task.desiredStatus === 'RUNNING' && task.lastStatus !== 'STOPPED';

/** Counts for minimumHealthyPercent and the load balancer: running, health checks passed. */
export const isServing = (task: Task) =>
  isLive(task) && task.lastStatus === 'RUNNING' && task.healthStatus === 'HEALTHY';

export function taskList(tasks: Task[]): string {
  return tasks.map((task) => `(task ${task.id})`).join(' ');
}
