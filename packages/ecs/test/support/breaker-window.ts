// When ECS's circuit breaker could have failed a rollout at any moment, from the emulator's own
// record of its tasks (read after the run, not counted): from the deployment's start until a task
// of it was first healthy, the stretches in which its failed tasks plus its live ones reached the
// breaker's threshold, so that enough of them failing together would have tripped it. No cadence
// can look less than densely there and still see every end within 2 s.
import { DescribeTasksCommand, ListTasksCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import { breakerThreshold } from '../../src/watch/breaker-reach.js';

export type Stretch = [start: number, end: number];

/** Every task (running or stopped) that `deploymentId` started. */
async function tasksOf(ecs: ECSClient, cluster: string, deploymentId: string): Promise<Task[]> {
  const arns: string[] = [];
  for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
    const listed = await ecs.send(new ListTasksCommand({ cluster, startedBy: deploymentId, desiredStatus }));
    arns.push(...(listed.taskArns ?? []));
  }
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const described = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }));
    tasks.push(...(described.tasks ?? []));
  }
  return tasks;
}

/**
 * The stretches (epoch ms) in which the breaker of `deploymentId` could have tripped at once. A task
 * is healthy `healthyAfterMs` after it started RUNNING (the emulator's healthCheck timing); one that
 * stopped before that failed.
 */
export async function breakerStretches(
  ecs: ECSClient,
  cluster: string,
  deploymentId: string,
  options: { desired: number; healthyAfterMs: number; from: number; until: number },
): Promise<Stretch[]> {
  const tasks = await tasksOf(ecs, cluster, deploymentId);
  const healthyAt = (t: Task) => (t.startedAt ? t.startedAt.getTime() + options.healthyAfterMs : Infinity);
  const failedAt = (t: Task) => {
    const stopped = t.stoppedAt?.getTime() ?? Infinity;
    return stopped < healthyAt(t) ? stopped : Infinity;
  };
  const firstHealthy = Math.min(...tasks.map((t) => (failedAt(t) === Infinity ? healthyAt(t) : Infinity)));
  const end = Math.min(firstHealthy, options.until);
  const threshold = breakerThreshold(options.desired);
  const moments = [
    ...new Set([options.from, ...tasks.flatMap((t) => [t.createdAt?.getTime() ?? 0, failedAt(t)])]),
  ]
    .filter((m) => m >= options.from && m < end)
    .sort((a, b) => a - b);
  const stretches: Stretch[] = [];
  for (const [i, at] of moments.entries()) {
    const launched = tasks.filter((t) => (t.createdAt?.getTime() ?? 0) <= at);
    const failed = launched.filter((t) => failedAt(t) <= at).length;
    const live = launched.length - failed;
    if (failed + live < threshold) continue;
    const next = moments[i + 1] ?? end;
    const last = stretches.at(-1);
    if (last && last[1] === at) last[1] = next;
    else stretches.push([at, next]);
  }
  return stretches;
}

/** The union of stretches, in ms. */
export function coveredMs(stretches: Stretch[]): number {
  const sorted = [...stretches].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of sorted) {
    total += Math.max(0, end - Math.max(start, reach));
    reach = Math.max(reach, end);
  }
  return total;
}
