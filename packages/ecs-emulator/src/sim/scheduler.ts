// The service scheduler: one pass over a service. Draining services stop everything; requested
// rollbacks start; then the strategy of the PRIMARY deployment (sim/strategies) does the rest.
import type { Service } from '../model.js';
import { watchAlarms } from './strategies/alarm-watch.js';
import { rollBack, strategyFor, type RollbackTarget } from './strategies/index.js';
import { finishTrafficRollbacks } from './strategies/traffic-rollback.js';
import { isLive, taskList } from './task-state.js';
import { beginStop } from './task-stop.js';
import type { World } from './world.js';

export { isServing } from './task-state.js';
export { rollBack };

export function schedule(world: World, service: Service, at: number): void {
  if (service.status === 'INACTIVE') return;
  if (service.status === 'DRAINING') {
    drainAll(world, service, at);
    return;
  }
  runRequestedRollbacks(world, service, at);
  if (!service.deployments[0] || service.deploymentController.type === 'EXTERNAL') return;
  watchAlarms(world, service, service.deployments[0], at);
  const primary = service.deployments[0];
  strategyFor(world, primary).schedule(world, service, primary, at);
  finishTrafficRollbacks(world, service, at);
}

function drainAll(world: World, service: Service, at: number): void {
  const tasks = world.serviceTasks(service);
  const live = tasks.filter(isLive);
  for (const task of live)
    beginStop(world, task, at, 'ServiceSchedulerInitiated', 'Service is being deleted');
  if (live.length > 0)
    world.addEvent(service, `has stopped ${live.length} running tasks: ${taskList(live)}.`, at);
  for (const deployment of service.deployments) deployment.desiredCount = 0;
  if (tasks.every((task) => task.lastStatus === 'STOPPED')) {
    service.status = 'INACTIVE';
    for (const deployment of service.deployments) deployment.updatedAt = at;
  }
}

/** StopServiceDeployment(ROLLBACK) asked for these; start them on the scheduler's clock. */
function runRequestedRollbacks(world: World, service: Service, at: number): void {
  for (const record of world.state.serviceDeployments.values()) {
    if (record.status !== 'ROLLBACK_REQUESTED') continue;
    if (record.serviceName !== service.name || record.clusterName !== service.clusterName) continue;
    const from = service.deployments.find((d) => d.serviceDeploymentArn === record.arn);
    const revision = world.state.serviceRevisions.get(record.sourceRevisionArns[0] ?? '');
    if (!from || !revision) {
      record.status = 'ROLLBACK_FAILED';
      record.statusReason = 'No previous service revision to roll back to.';
      record.finishedAt = at;
      continue;
    }
    const previous = service.deployments.find((d) => d.serviceRevisionArn === revision.arn);
    const target: RollbackTarget = {
      taskDefinitionArn: revision.taskDefinitionArn,
      serviceRevisionArn: revision.arn,
      ...(previous ? { deploymentId: previous.id } : {}),
    };
    rollBack(
      world,
      service,
      from,
      record,
      target,
      'Service deployment rolled back on request (StopServiceDeployment).',
      at,
    );
  }
}
