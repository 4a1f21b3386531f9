// The task operations: ListTasks, DescribeTasks, StopTask (RunTask in run-task.ts).
import { nameFromArnOrName, taskArn } from '../arns.js';
import { invalidParameter } from '../errors.js';
import type { Task } from '../model.js';
import { oneOf, optionalString, paginate, requiredString } from '../params.js';
import { taskShape } from '../serialize.js';
import { beginStop } from '../sim/task-stop.js';
import type { World } from '../sim/world.js';
import { includesTags, resolveCluster, resolveService, type Operation } from './context.js';

export { runTask } from './run-task.js';

function findTask(world: World, clusterName: string, value: string): Task | undefined {
  const arn = value.startsWith('arn:') ? value : taskArn(world.ctx, clusterName, value);
  const task =
    world.state.tasks.get(arn) ??
    world.state.tasks.get(taskArn(world.ctx, clusterName, nameFromArnOrName(value)));
  return task?.clusterName === clusterName ? task : undefined;
}

export const listTasks: Operation = ({ world }, body) => {
  const cluster = resolveCluster(world, body.cluster);
  const serviceName = optionalString(body, 'serviceName');
  const family = optionalString(body, 'family');
  const startedBy = optionalString(body, 'startedBy');
  const launchType = optionalString(body, 'launchType');
  const desired =
    oneOf(optionalString(body, 'desiredStatus'), 'desiredStatus', ['RUNNING', 'PENDING', 'STOPPED']) ??
    'RUNNING';
  let tasks: Iterable<Task> = world.state.tasks.values();
  if (serviceName !== undefined) tasks = world.serviceTasks(resolveService(world, cluster, serviceName));
  const arns = [...tasks]
    .filter((task) => task.clusterName === cluster.name)
    .filter((task) =>
      desired === 'STOPPED' ? task.desiredStatus === 'STOPPED' : task.desiredStatus === 'RUNNING',
    )
    .filter((task) => family === undefined || task.taskDefinitionArn.includes(`:task-definition/${family}:`))
    .filter((task) => startedBy === undefined || task.startedBy === startedBy)
    .filter(
      (task) =>
        launchType === undefined ||
        (task.oneOff?.launchType ?? world.serviceOf(task)?.launchType) === launchType,
    )
    .map((task) => task.arn);
  const { page, nextToken } = paginate(arns, body);
  return { taskArns: page, ...(nextToken ? { nextToken } : {}) };
};

export const describeTasks: Operation = ({ world }, body) => {
  const cluster = resolveCluster(world, body.cluster);
  const refs = body.tasks;
  if (!Array.isArray(refs) || refs.length === 0 || refs.some((ref) => typeof ref !== 'string')) {
    throw invalidParameter('tasks must be a list of 1 to 100 task ids or ARNs.');
  }
  if (refs.length > 100) throw invalidParameter('tasks can have at most 100 items.');
  const tasks = [];
  const failures = [];
  for (const ref of refs as string[]) {
    const task = findTask(world, cluster.name, ref);
    if (task) tasks.push(taskShape(world, task, includesTags(body)));
    else
      failures.push({
        arn: ref.startsWith('arn:') ? ref : taskArn(world.ctx, cluster.name, ref),
        reason: 'MISSING',
      });
  }
  return { tasks, failures };
};

export const stopTask: Operation = ({ world }, body) => {
  const cluster = resolveCluster(world, body.cluster);
  const task = findTask(world, cluster.name, requiredString(body, 'task'));
  if (!task) throw invalidParameter('The referenced task was not found.');
  const reason = optionalString(body, 'reason') ?? 'Task stopped by user';
  // A one-off container stopped while it runs gets SIGTERM and exits 143 (128 + 15).
  if (task.oneOff && task.lastStatus === 'RUNNING' && task.desiredStatus === 'RUNNING') task.exitCode = 143;
  beginStop(world, task, world.now(), 'UserInitiated', reason);
  return { task: taskShape(world, task, false) };
};
