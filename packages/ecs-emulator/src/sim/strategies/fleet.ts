// The tasks of one deployment of a service, and stopping a batch of them with one service event.
import type { Deployment, Service } from '../../model.js';
import { isLive, taskList } from '../task-state.js';
import { beginStop } from '../task-stop.js';
import type { World } from '../world.js';

export const liveOf = (world: World, service: Service, deployment: Deployment) =>
  world.serviceTasks(service).filter((t) => t.deploymentId === deployment.id && isLive(t));

export function stopAll(
  world: World,
  service: Service,
  tasks: ReturnType<typeof liveOf>,
  by: string,
  at: number,
) {
  for (const task of tasks)
    beginStop(
      world,
      task,
      at,
      'ServiceSchedulerInitiated',
      `Scaling activity initiated by (deployment ${by})`,
    );
  if (tasks.length > 0)
    world.addEvent(service, `has stopped ${tasks.length} running tasks: ${taskList(tasks)}.`, at);
}
