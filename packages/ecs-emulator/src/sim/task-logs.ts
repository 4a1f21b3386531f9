// What tasks write to CloudWatch Logs through the awslogs driver: one stream per container,
// named awslogs-stream-prefix/container-name/task-id, holding a one-off task's scenario log lines.
import type { Json, Task } from '../model.js';
import { mainContainer } from './task-lifecycle.js';
import type { World } from './world.js';

export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

/** A container's awslogs settings, when its log driver is awslogs with a stream prefix. */
export function awslogsOf(container: Json): { group: string; prefix: string } | undefined {
  const config = container.logConfiguration as
    { logDriver?: unknown; options?: Record<string, unknown> } | undefined;
  const group = config?.options?.['awslogs-group'];
  const prefix = config?.options?.['awslogs-stream-prefix'];
  if (config?.logDriver !== 'awslogs' || typeof group !== 'string' || typeof prefix !== 'string')
    return undefined;
  return { group, prefix };
}

/** Whether any registered task definition sends a container's log to this group. */
export function logGroupExists(world: World, group: string): boolean {
  for (const revisions of world.state.taskDefinitions.values()) {
    for (const definition of revisions) {
      const containers = (definition.body.containerDefinitions as Json[] | undefined) ?? [];
      if (containers.some((container) => awslogsOf(container)?.group === group)) return true;
    }
  }
  return false;
}

/**
 * The events of one stream up to now, or undefined when no started task writes it (ECS creates
 * the stream when the container starts). The essential container's lines are spread evenly over
 * its run; lines due after the task was asked to stop are never written.
 */
export function streamEvents(world: World, group: string, stream: string): LogEvent[] | undefined {
  const parts = stream.split('/');
  const taskId = parts.at(-1)!;
  const containerName = parts.at(-2);
  const task = [...world.state.tasks.values()].find((candidate) => candidate.id === taskId);
  if (!task || task.startedAt === undefined || containerName === undefined) return undefined;
  const definition = world.taskDefinition(task.taskDefinitionArn);
  const containers = (definition?.body.containerDefinitions as Json[] | undefined) ?? [];
  const container = containers.find((candidate) => candidate.name === containerName);
  const logs = container ? awslogsOf(container) : undefined;
  if (!logs || logs.group !== group || `${logs.prefix}/${containerName}/${taskId}` !== stream)
    return undefined;
  if (container !== mainContainer(definition!.body)) return [];
  return linesOf(task, Math.min(world.now(), task.stoppingAt ?? Infinity));
}

function linesOf(task: Task, until: number): LogEvent[] {
  const lines = task.oneOff?.logLines ?? [];
  const runFor = task.oneOff?.runForMs ?? 0;
  const events: LogEvent[] = [];
  lines.forEach((message, index) => {
    const timestamp = Math.round(task.startedAt! + (runFor * index) / Math.max(lines.length, 1));
    if (timestamp <= until) events.push({ timestamp, message, ingestionTime: timestamp + 200 });
  });
  return events;
}
