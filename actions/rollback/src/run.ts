// The rollback's work: every service back to its target at once, timed, for the report.
import type { ECSClient } from '@aws-sdk/client-ecs';
import { rollBackServices, type RollbackServicesOptions, type ServiceRollback } from '@shipline/ecs';
import { systemClock, type ActionLog, type Clock } from '@shipline/toolkit';

export interface RollbackDeps {
  ecs: ECSClient;
  log: ActionLog;
  signal: AbortSignal;
  clock?: Clock;
}

export interface RollbackRun {
  rollbacks: ServiceRollback[];
  durationSeconds: number;
}

/** Rolls every service back (each to its own target); on a cancel, says what each was left doing. */
export async function run(options: RollbackServicesOptions, deps: RollbackDeps): Promise<RollbackRun> {
  const clock = deps.clock ?? systemClock;
  const started = clock.now();
  const rollbacks = await rollBackServices(options, deps);
  return { rollbacks, durationSeconds: Math.round((clock.now() - started) / 100) / 10 };
}
