// Stopped tasks of a deployment and why they stopped (reason, stop code, container exit codes), for people.
import { DescribeTasksCommand, ListTasksCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import { shortArn } from '../task-definition/names.js';

export interface StoppedTask {
  taskId: string;
  taskDefinition: string;
  stopCode?: string;
  stoppedReason?: string;
  stoppedAt?: Date;
  containers: { name: string; exitCode?: number; reason?: string }[];
}

export interface StoppedTaskQuery {
  cluster: string;
  service: string;
  /** Only tasks the deployment started (ECS sets startedBy to the deployment id). */
  deploymentId?: string;
  taskDefinitionArn?: string;
  /** Newest first, at most this many. Default 5. */
  limit?: number;
}

/**
 * Why a deployment's tasks stopped: stoppedReason, stop code and each container's exit code and
 * reason; tasks that failed come before those stopped on purpose, newest first.
 */
export async function findStoppedTasks(
  ecs: ECSClient,
  query: StoppedTaskQuery,
  options: { abortSignal?: AbortSignal } = {},
): Promise<StoppedTask[]> {
  const listed = await ecs.send(
    new ListTasksCommand({ cluster: query.cluster, serviceName: query.service, desiredStatus: 'STOPPED' }),
    options,
  );
  const arns = (listed.taskArns ?? []).slice(0, 100);
  if (arns.length === 0) return [];
  const described = await ecs.send(
    new DescribeTasksCommand({ cluster: query.cluster, tasks: arns }),
    options,
  );
  return (described.tasks ?? [])
    .filter((t) => query.deploymentId === undefined || t.startedBy === query.deploymentId)
    .filter((t) => query.taskDefinitionArn === undefined || t.taskDefinitionArn === query.taskDefinitionArn)
    .sort((a, b) => Number(isFailure(b)) - Number(isFailure(a)) || time(b) - time(a))
    .slice(0, query.limit ?? 5)
    .map(toStoppedTask);
}

/**
 * The stopped tasks of several deployments (each of its own service), newest first per deployment:
 * one ListTasks per service, then one DescribeTasks per hundred tasks for all of them together.
 */
export async function findStoppedTasksOfDeployments(
  ecs: ECSClient,
  cluster: string,
  deployments: { service: string; deploymentId: string }[],
  options: { abortSignal?: AbortSignal } = {},
): Promise<Map<string, StoppedTask[]>> {
  const arns: string[] = [];
  for (const { service } of deployments) {
    const listed = await ecs.send(
      new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'STOPPED' }),
      options,
    );
    arns.push(...(listed.taskArns ?? []).slice(0, 100));
  }
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const described = await ecs.send(
      new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }),
      options,
    );
    tasks.push(...(described.tasks ?? []));
  }
  return new Map(
    deployments.map(({ deploymentId }) => [
      deploymentId,
      tasks
        .filter((t) => t.startedBy === deploymentId)
        .sort((a, b) => Number(isFailure(b)) - Number(isFailure(a)) || time(b) - time(a))
        .slice(0, 100)
        .map(toStoppedTask),
    ]),
  );
}

const time = (task: Task): number => task.stoppedAt?.getTime() ?? 0;

/** Tasks that died on their own explain a failure; ones the scheduler or a person stopped do not. */
const isFailure = (task: Task): boolean =>
  task.stopCode !== 'ServiceSchedulerInitiated' && task.stopCode !== 'UserInitiated';

function toStoppedTask(task: Task): StoppedTask {
  return {
    taskId: task.taskArn?.split('/').pop() ?? 'unknown',
    taskDefinition: shortArn(task.taskDefinitionArn),
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    stoppedAt: task.stoppedAt,
    containers: (task.containers ?? []).map((c) => ({
      name: c.name ?? '?',
      exitCode: c.exitCode,
      reason: c.reason,
    })),
  };
}

/** Exit codes that say how a container was ended rather than what it reported. */
const EXIT_HINTS: Record<number, string> = { 137: 'killed: out of memory or SIGKILL' };

/** `task 1a2b (web:7): Essential container in task exited; app exit 1 (reason)`. */
export function describeStoppedTask(task: StoppedTask): string {
  const containers = task.containers
    .filter((c) => c.exitCode !== undefined || c.reason)
    .map((c) => {
      const notes = [c.reason, c.exitCode === undefined ? undefined : EXIT_HINTS[c.exitCode]].filter(Boolean);
      return `${c.name} exit ${c.exitCode ?? '?'}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    });
  const reason = task.stoppedReason ?? task.stopCode ?? 'no reason given';
  return `task ${task.taskId} (${task.taskDefinition}): ${reason}${containers.length ? `; ${containers.join(', ')}` : ''}`;
}
