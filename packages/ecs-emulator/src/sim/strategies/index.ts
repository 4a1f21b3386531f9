// One interface for the deployment strategies the scheduler runs: ROLLING (rolling.ts) and the
// traffic-shifting BLUE_GREEN, LINEAR and CANARY (traffic-shift.ts). A deployment keeps the strategy
// its service deployment started with; rollbacks (breaker, alarms, hooks, StopServiceDeployment)
// go through the same choice.
import type { Deployment, Service, ServiceDeploymentRecord } from '../../model.js';
import { recordFor, startRollback, type RollbackTarget } from '../deployments.js';
import type { World } from '../world.js';
import { scheduleRolling } from './rolling.js';
import { rollBackTrafficShift } from './traffic-rollback.js';
import { scheduleTrafficShift } from './traffic-shift.js';

export type { RollbackTarget };

export interface StrategySim {
  /** One scheduler pass over a service whose PRIMARY deployment runs this strategy. */
  schedule(world: World, service: Service, primary: Deployment, at: number): void;
  /** Takes the service back from `from` to `target` (the revision that served before). */
  rollBack(
    world: World,
    service: Service,
    from: Deployment,
    record: ServiceDeploymentRecord,
    target: RollbackTarget,
    reason: string,
    at: number,
  ): void;
}

const rolling: StrategySim = {
  schedule: scheduleRolling,
  rollBack: startRollback,
};

const trafficShift: StrategySim = {
  schedule: scheduleTrafficShift,
  rollBack: rollBackTrafficShift,
};

export function strategyFor(world: World, deployment: Deployment): StrategySim {
  const record = recordFor(world, deployment);
  const live = record?.trafficShift && record.status === 'IN_PROGRESS';
  return live ? trafficShift : rolling;
}

/** Rolls back the way the record's strategy does (the world's `rollBack` rule). */
export const rollBack: StrategySim['rollBack'] = (world, service, from, record, target, reason, at) =>
  (record.trafficShift ? trafficShift : rolling).rollBack(world, service, from, record, target, reason, at);
