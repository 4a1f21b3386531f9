// Rolling back several services at once, each to its own target, for the rollback action; after a
// cancel, what each service was left doing.
import type { ECSClient } from '@aws-sdk/client-ecs';
import { prefixedLog, type ActionLog, type Clock } from '@shipline/toolkit';
import { describeServiceStates } from '../watch/service-state.js';
import { rollBackService, type RollbackOptions, type RollbackResult } from './roll-back-service.js';

export interface RollbackServicesOptions extends Omit<RollbackOptions, 'service'> {
  services: string[];
}

/** How the rollback of one service went. */
export interface ServiceRollback {
  service: string;
  result?: RollbackResult;
  /** Why the rollback of this service could not start (pre-flight refused, AWS error). */
  error?: string;
  /** On a cancelled run: what the service was doing when the step stopped. */
  left?: string;
}

/** After a cancel the runner's grace is short: what the services are doing is read within this. */
const CANCEL_READ_MS = 3_000;

/**
 * Rolls every service back at once, each to its own target; with several, one that cannot be
 * rolled back does not stop the others (its error is recorded), while a single service's error
 * is thrown as it is. When the run is cancelled, every service's state is read once afterwards.
 */
export async function rollBackServices(
  options: RollbackServicesOptions,
  deps: { ecs: ECSClient; log: ActionLog; signal?: AbortSignal; clock?: Clock },
): Promise<ServiceRollback[]> {
  const { services, ...each } = options;
  const rollbacks: ServiceRollback[] = await Promise.all(
    services.map(async (service) => {
      // Several at once interleave their lines: each line names its service.
      const log = services.length === 1 ? deps.log : prefixedLog(service, deps.log);
      try {
        return { service, result: await rollBackService({ ...each, service }, { ...deps, log }) };
      } catch (error) {
        if (deps.signal?.aborted)
          return { service, error: 'cancelled before its rollback was seen to start' };
        if (services.length === 1) throw error;
        return { service, error: (error as Error).message };
      }
    }),
  );
  if (deps.signal?.aborted) {
    const now = await describeServiceStates(deps.ecs, options.cluster, services, CANCEL_READ_MS);
    for (const rollback of rollbacks) rollback.left = now.get(rollback.service);
  }
  return rollbacks;
}
