// A service task's life when it runs as a real container: PROVISIONING on the simulated clock, then
// PENDING until the daemon has pulled and started it, RUNNING while it runs, HEALTHY once its
// container health check (if any) and the load balancer's check (if any) pass; an exit stops the
// task with the container's exit code, a failed check stops and replaces it. DEACTIVATING and
// STOPPING run on the simulated clock as before; the container is stopped and removed with them.
import type { Json, Task } from '../model.js';
import { onTaskFailed, onTaskHealthy } from '../sim/breaker.js';
import { stepAnyTask } from '../sim/one-off-tasks.js';
import { failHealthChecks, failTask, mainContainer, stepTask } from '../sim/task-lifecycle.js';
import { beginStop } from '../sim/task-stop.js';
import { seconds } from '../sim/timings.js';
import type { World, WorldRules } from '../sim/world.js';
import type { ContainerRecord, ContainerRuntime } from './container-runtime.js';
import { containerPorts } from './container-spec.js';

type Verdict = 'pending' | 'pass' | { failed: 'container' | 'elb' };

/** Both checks together: any failure fails, all passed (or absent) passes. */
function healthVerdict(record: ContainerRecord): Verdict {
  if (record.health === 'unhealthy') return { failed: 'container' };
  if (record.target?.state === 'unhealthy') return { failed: 'elb' };
  if (record.health === 'starting' || record.target?.state === 'initial') return 'pending';
  return 'pass';
}

function start(world: World, task: Task, at: number, runtime: ContainerRuntime): void {
  task.lastStatus = 'PENDING';
  task.pullStartedAt = at;
  task.phase = 'container-starting';
  task.nextAt = undefined;
  const service = world.serviceOf(task);
  const definition = world.taskDefinition(task.taskDefinitionArn);
  const container = (definition && mainContainer(definition.body)) ?? {};
  const balancer = service?.loadBalancers.find((lb) => typeof lb.containerPort === 'number');
  // A service without a load balancer still gets the emulator's endpoint (as simulated tasks do):
  // to the first container port, with no target health check.
  const port = balancer ? (balancer.containerPort as number) : containerPorts(container)[0];
  runtime.start(task, container, {
    checked: balancer !== undefined,
    ...(port === undefined ? {} : { containerPort: port }),
    ...(typeof balancer?.targetGroupArn === 'string' ? { targetGroupArn: balancer.targetGroupArn } : {}),
  });
}

function observe(world: World, task: Task, at: number, record: ContainerRecord | undefined): void {
  task.nextAt = undefined;
  if (!record || record.state === 'starting') return;
  if (task.phase === 'container-starting') task.pullStoppedAt = at;
  if (record.state === 'failed') {
    failTask(world, task, at, 'TaskFailedToStart', record.failure ?? 'CannotStartContainerError', 'start');
    return;
  }
  if (record.state === 'exited') {
    task.exitCode = record.exitCode;
    if (task.startedAt === undefined) task.startedAt = at;
    failTask(world, task, at, 'EssentialContainerExited', 'Essential container in task exited', 'start');
    return;
  }
  if (task.phase === 'container-starting') {
    task.lastStatus = 'RUNNING';
    task.startedAt = at;
    task.phase = 'container-running';
    world.touch(world.serviceOf(task));
  }
  const verdict = healthVerdict(record);
  if (verdict === 'pass' && task.healthStatus !== 'HEALTHY') {
    task.healthStatus = 'HEALTHY';
    task.healthyAt = at;
    task.succeeded = true;
    onTaskHealthy(world, task);
  } else if (typeof verdict === 'object') {
    // ECS ignores failed checks for the service's health check grace period after the task started.
    const graceEnds = task.startedAt! + seconds(world.serviceOf(task)?.healthCheckGracePeriodSeconds ?? 0);
    if (at < graceEnds) {
      task.nextAt = graceEnds;
      return;
    }
    task.healthStatus = 'UNHEALTHY';
    task.phase = 'unhealthy';
    task.nextAt = at + seconds(world.timings.unhealthyStop);
    failedBy.set(task, verdict.failed);
    world.touch(world.serviceOf(task));
  }
}

const failedBy = new WeakMap<Task, 'container' | 'elb'>();

/** The world's stepTask rule with real containers for service tasks (one-off tasks stay simulated). */
export function containerStepRule(runtime: ContainerRuntime): WorldRules['stepTask'] {
  return (world, task, at) => {
    if (task.serviceName === undefined) return stepAnyTask(world, task, at);
    task.version++;
    switch (task.phase) {
      case 'provisioning':
        start(world, task, at, runtime);
        break;
      case 'container-starting':
      case 'container-running':
        observe(world, task, at, runtime.record(task.arn));
        break;
      case 'unhealthy': {
        const failed = !task.succeeded;
        const reason = failHealthChecks(world, task, world.serviceOf(task), at, failedBy.get(task));
        beginStop(world, task, at, 'ServiceSchedulerInitiated', reason);
        if (failed) onTaskFailed(world, task, 'health', at);
        break;
      }
      default:
        task.version--;
        stepTask(world, task, at);
    }
    if (task.lastStatus === 'STOPPING') runtime.stop(task.arn, stopTimeout(world, task));
    if (task.lastStatus === 'STOPPED') runtime.remove(task.arn);
  };
}

function stopTimeout(world: World, task: Task): number | undefined {
  const definition = world.taskDefinition(task.taskDefinitionArn);
  const value =
    (definition && (mainContainer(definition.body) as Json | undefined)?.stopTimeout) ?? undefined;
  return typeof value === 'number' ? value : undefined;
}

/** What the emulator does when the daemon reports a change of a task's container. */
export function onContainerChange(world: World, runtime: ContainerRuntime, taskArn: string): void {
  const task = world.state.tasks.get(taskArn);
  if (!task || task.lastStatus === 'STOPPED') return;
  if (task.phase === 'container-starting' || task.phase === 'container-running') {
    task.nextAt = world.now();
    world.touch(world.serviceOf(task));
    return;
  }
  // Stopping: the exit code is the container's own (e.g. 143 after SIGTERM), as ECS reports it.
  const record = runtime.record(taskArn);
  if (record?.state === 'exited' && record.exitCode !== undefined) task.exitCode = record.exitCode;
}
