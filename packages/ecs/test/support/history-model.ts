// The test's own model of each service, kept from what each step must do (ECS semantics), never
// from what the code under test reports: the revision the PRIMARY deployment is on once the step
// settles, and the revisions that reached steady state, in order.
import type { RolloutState } from '../../src/index.js';
import { SICK_AFTER_SECONDS, type ImageKind } from './histories.js';

export interface ServiceModel {
  name: string;
  breakerRollback: boolean;
  /** Task definition of the PRIMARY deployment once the step has settled. */
  current: string;
  /** The PRIMARY deployment is a FAILED one left in place; the last served revision still runs. */
  failedPrimary: boolean;
  /** Task definitions whose deployment reached COMPLETED (steady state), oldest first. */
  served: string[];
}

export function lastServed(model: ServiceModel): string {
  return model.served[model.served.length - 1]!;
}

/** `rollback to: previous` must go here: the revision that last served before the current one. */
export function rollbackTarget(model: ServiceModel): string | undefined {
  return [...model.served].reverse().find((td) => td !== model.current);
}

/** A deployment of `td` reached steady state: the service is back on it. */
export function backOn(model: ServiceModel, td: string): void {
  model.served.push(td);
  model.current = td;
  model.failedPrimary = false;
}

export interface ExpectedOutcome {
  rolloutState: RolloutState;
  rolledBack: boolean;
  by?: 'ECS' | 'Shipline';
  /** Where the service must be back on when rolled back. */
  backTo?: string;
}

/** A deploy of `td` (an image of `kind`) to this service: what deploy-ecs must say, and the new model. */
export function expectDeploy(
  model: ServiceModel,
  td: string,
  kind: ImageKind,
  options: { rollbackOnFailure: boolean; bakeSeconds: number },
): ExpectedOutcome {
  const previous = lastServed(model);
  const settle = (current: string, ...served: string[]) => {
    model.current = current;
    model.failedPrimary = false;
    model.served.push(...served);
  };
  const bakeCatchesIt = kind === 'sick' && options.bakeSeconds > SICK_AFTER_SECONDS + 60;
  if (kind === 'good' || (kind === 'sick' && !bakeCatchesIt)) {
    settle(td, td);
    return { rolloutState: 'COMPLETED', rolledBack: false };
  }
  if (kind === 'sick') {
    if (!options.rollbackOnFailure) {
      settle(td, td);
      return { rolloutState: 'FAILED', rolledBack: false };
    }
    settle(previous, td, previous);
    return { rolloutState: 'FAILED', rolledBack: true, by: 'Shipline', backTo: previous };
  }
  // crash: ECS's breaker trips; with rollback it returns to the last COMPLETED revision itself.
  if (model.breakerRollback) {
    settle(previous, previous);
    return { rolloutState: 'FAILED', rolledBack: true, by: 'ECS', backTo: previous };
  }
  if (options.rollbackOnFailure) {
    settle(previous, previous);
    return { rolloutState: 'FAILED', rolledBack: true, by: 'Shipline', backTo: previous };
  }
  model.current = td;
  model.failedPrimary = true;
  return { rolloutState: 'FAILED', rolledBack: false };
}
