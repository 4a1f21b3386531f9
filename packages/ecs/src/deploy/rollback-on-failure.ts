// rollback-on-failure: every service this run moved goes back together (or ECS's own rollback is followed).
import type { ECSClient } from '@aws-sdk/client-ecs';
import { systemClock, type Clock, type ActionLog } from '@shipline/toolkit';
import { describeAwsError } from '../client/aws-errors.js';
import { formatEvent } from '../watch/progress-lines.js';
import { reasonOf, rolloutStateOf, type RolloutState } from '../watch/rollout-state.js';
import { shortArn } from '../task-definition/names.js';
import { watchDeployments, type WatchTarget } from '../watch/deployment-watcher.js';
import { startRollback } from '../strategy/start-rollback.js';
import { recordStrategy, type DeployStrategy } from '../strategy/deploy-strategy.js';
import type { RolloutMoment } from '../strategy/service-deployment.js';

export interface RollbackOutcome {
  /** ECS's circuit breaker, or this run. */
  by: 'ECS' | 'Shipline';
  method?: 'StopServiceDeployment' | 'UpdateService' | 'ContinueServiceDeployment';
  taskDefinitionArn: string;
  deploymentId?: string;
  /** The service deployment stopped with ROLLBACK, when ECS has not yet named the deployment. */
  serviceDeploymentArn?: string;
  rolloutState: RolloutState;
  reason?: string;
}

interface RollbackCandidate {
  service: string;
  taskDefinitionArn: string;
  previousTaskDefinitionArn?: string;
  newDeployment: boolean;
  rolloutState: RolloutState;
  rolledBack: boolean;
  rollback?: RollbackOutcome;
  serviceDeploymentArn?: string;
  timeline?: RolloutMoment[];
  triggeredAlarms?: string[];
}

/** The most a rollback may take after the deployment's own deadline, whatever the timeout. */
const MAX_ROLLBACK_MS = 10 * 60_000;

/**
 * Returns every service this run moved to its previous task definition, so services deployed
 * together never end on mixed versions; where ECS's breaker already rolled back, follows that
 * instead. Waits for each rollback to complete (at most min(timeout, 10m)) and records how each
 * ended in the candidate's `rollback`; `rolledBack` is true once the old version serves again.
 */
export async function rollBackMovedServices(
  ecs: ECSClient,
  log: ActionLog,
  options: {
    cluster: string;
    timeoutMs: number;
    printedEvents?: ReadonlyMap<string, string[]>;
    /** How each service deploys, and so rolls back; absent, as a rolling update. */
    strategies?: ReadonlyMap<string, DeployStrategy>;
  },
  candidates: RollbackCandidate[],
  deps: { signal?: AbortSignal; clock?: Clock },
): Promise<void> {
  const clock = deps.clock ?? systemClock;
  const deadline = clock.now() + Math.min(options.timeoutMs, MAX_ROLLBACK_MS);
  const context = { deadline, signal: deps.signal, clock };
  const targets: WatchTarget[] = [];
  for (const candidate of candidates) {
    const { service, taskDefinitionArn: from, previousTaskDefinitionArn: to } = candidate;
    const strategy = options.strategies?.get(service);
    if (candidate.rollback?.by === 'ECS') {
      const who = (strategy?.name ?? 'ROLLING') === 'ROLLING' ? "ECS's circuit breaker is" : 'ECS is';
      log.info(`${service}: ${who} already rolling back (${candidate.rollback.deploymentId})`);
      const target = {
        service,
        deploymentId: candidate.rollback.deploymentId ?? '',
        previousTaskDefinitionArn: from,
        knownEventIds: printedBefore(options.printedEvents, service),
      };
      targets.push(strategy ? strategy.followEcsRollback(target) : target);
      continue;
    }
    if (!['COMPLETED', 'FAILED', 'TIMED_OUT'].includes(candidate.rolloutState)) continue;
    if (!candidate.newDeployment || !to || to === from) {
      log.warning(
        `${service}: not rolled back: this run started no deployment that changed its task definition`,
      );
      continue;
    }
    try {
      const request = { cluster: options.cluster, service, from, to };
      const known = {
        service,
        previousTaskDefinitionArn: from,
        knownEventIds: printedBefore(options.printedEvents, service),
      };
      const { started, target } = strategy
        ? await strategy
            .rollBack(request, context)
            .then((r) => ({ started: r.started, target: r.follow(known) }))
        : await startRollback(ecs, request, context).then((r) => ({
            started: r,
            target: { ...known, deploymentId: r.deploymentId },
          }));
      candidate.rollback = {
        by: 'Shipline',
        method: started.method,
        taskDefinitionArn: to,
        deploymentId: started.deploymentId,
        rolloutState: 'IN_PROGRESS',
      };
      log.info(
        `${service}: rolling back to ${shortArn(to)}: ${started.note}; following ${started.deploymentId}`,
      );
      targets.push(target);
    } catch (error) {
      if (deps.signal?.aborted) return;
      const reason = `the rollback could not be started: ${describeAwsError(error)}`;
      candidate.rollback = { by: 'Shipline', taskDefinitionArn: to, rolloutState: 'FAILED', reason };
      log.warning(`${service}: ${reason}`);
    }
  }
  if (targets.length === 0) return;
  const results = await watchDeployments({
    ecs,
    cluster: options.cluster,
    targets,
    ...context,
    onEvent: (service, event) => log.info(formatEvent(service, event)),
  });
  for (const result of results) {
    const candidate = candidates.find((c) => c.service === result.service)!;
    const rollback = candidate.rollback!;
    rollback.rolloutState = rolloutStateOf(result.verdict);
    rollback.reason = reasonOf(result.verdict);
    candidate.rolledBack = rollback.rolloutState === 'COMPLETED';
    recordStrategy(candidate, options.strategies?.get(result.service));
    const line = `${result.service}: rollback to ${shortArn(rollback.taskDefinitionArn)} ${rollback.rolloutState}`;
    if (candidate.rolledBack) log.info(line);
    else log.warning(`${line}: ${rollback.reason ?? 'unknown reason'}`);
  }
}

/** Event ids already printed for `service`; undefined (print only what follows the rollback) when none. */
function printedBefore(
  printed: ReadonlyMap<string, string[]> | undefined,
  service: string,
): string[] | undefined {
  const ids = printed?.get(service);
  return ids && ids.length > 0 ? ids : undefined;
}
