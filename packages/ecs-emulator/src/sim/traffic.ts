// Who takes a service's traffic: during a traffic-shifting deployment, production traffic is split
// between blue and green by the stage's weight and the test listener serves green once test traffic
// has shifted; otherwise every task in service takes both.
import type { Deployment, Service, ServiceDeploymentRecord, Task } from '../model.js';
import { recordFor } from './deployments.js';
import type { World } from './world.js';

export interface TrafficSplit {
  record: ServiceDeploymentRecord;
  green: Deployment;
  blue?: Deployment;
  /** Percent of production / test traffic on green. */
  production: number;
  test: number;
}

export function trafficSplit(world: World, service: Service): TrafficSplit | undefined {
  const green = service.deployments[0];
  const record = green && recordFor(world, green);
  const ts = record?.trafficShift;
  if (!green || !record || !ts || record.status !== 'IN_PROGRESS') return undefined;
  const blue = service.deployments.find((d) => d.id === ts.blueDeploymentId);
  return {
    record,
    green,
    ...(blue ? { blue } : {}),
    production: ts.productionWeight,
    test: ts.testWeight,
  };
}

/** Since when a task has taken production traffic (undefined: it takes none now). */
export function productionTrafficSince(world: World, service: Service, task: Task): number | undefined {
  if (task.healthyAt === undefined) return undefined;
  const split = trafficSplit(world, service);
  if (!split || !split.blue) return task.healthyAt;
  if (task.deploymentId === split.green.id) {
    const since = split.record.trafficShift?.greenTrafficSince;
    return split.production > 0 && since !== undefined ? Math.max(since, task.healthyAt) : undefined;
  }
  return split.production < 100 ? task.healthyAt : undefined;
}
