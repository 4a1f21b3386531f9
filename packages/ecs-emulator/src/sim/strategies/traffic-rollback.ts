// Rolling back a traffic-shifting deployment: before CLEAN_UP blue still runs, so production and
// test traffic go back to it at once and green's tasks stop; ROLLBACK_SUCCESSFUL once they have.
// After CLEAN_UP (blue gone) it is a new deployment of the previous revision, as for ROLLING.
import type { Deployment, Service, ServiceDeploymentRecord } from '../../model.js';
import { startRollback, type RollbackTarget } from '../deployments.js';
import type { World } from '../world.js';
import { liveOf, stopAll } from './fleet.js';

/** Production and test traffic back on blue at once; green's tasks stop; blue is PRIMARY again. */
export function rollBackTrafficShift(
  world: World,
  service: Service,
  green: Deployment,
  record: ServiceDeploymentRecord,
  target: RollbackTarget,
  reason: string,
  at: number,
): void {
  const ts = record.trafficShift!;
  const blue = service.deployments.find((d) => d.id === ts.blueDeploymentId);
  if (!blue || ts.stage === 'CLEAN_UP') {
    startRollback(world, service, green, record, target, reason, at);
    return;
  }
  delete ts.rollbackReason;
  ts.productionWeight = 0;
  ts.testWeight = 0;
  green.rolloutState = 'FAILED';
  green.rolloutStateReason = reason;
  green.status = 'ACTIVE';
  green.updatedAt = at;
  blue.status = 'PRIMARY';
  service.deployments = [blue, ...service.deployments.filter((d) => d !== blue)];
  record.status = 'ROLLBACK_IN_PROGRESS';
  record.rollbackDeploymentId = blue.id;
  record.rollback = { reason, startedAt: at, serviceRevisionArn: blue.serviceRevisionArn };
  record.updatedAt = at;
  world.addEvent(service, `rolling back to deployment ${blue.id}.`, at);
  stopAll(world, service, liveOf(world, service, green), blue.id, at);
  rollingBack.add(service);
  world.touch(service);
}

/** Services with a traffic rollback whose green tasks are still stopping. */
const rollingBack = new WeakSet<Service>();

/** A traffic rollback is ROLLBACK_SUCCESSFUL once green's tasks have all stopped. */
export function finishTrafficRollbacks(world: World, service: Service, at: number): void {
  const primary = service.deployments[0];
  if (!rollingBack.has(service) || !primary || service.deployments.length > 1) return;
  rollingBack.delete(service);
  for (const record of world.state.serviceDeployments.values()) {
    if (record.status !== 'ROLLBACK_IN_PROGRESS' || !record.trafficShift) continue;
    if (record.rollbackDeploymentId !== primary.id) continue;
    const stillRunning = world
      .serviceTasks(service)
      .some((t) => t.deploymentId === record.deploymentId && t.lastStatus !== 'STOPPED');
    if (stillRunning) {
      rollingBack.add(service);
      continue;
    }
    record.status = 'ROLLBACK_SUCCESSFUL';
    record.finishedAt = at;
    record.updatedAt = at;
  }
}
