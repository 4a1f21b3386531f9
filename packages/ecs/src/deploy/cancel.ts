// A deploy cancelled while waiting: the way back started for every service it moved (on-cancel), or left.
import type { ECSClient } from '@aws-sdk/client-ecs';
import { systemClock, type Clock, type ActionLog } from '@shipline/toolkit';
import { describeAwsError } from '../client/aws-errors.js';
import type { RollbackOutcome } from './rollback-on-failure.js';
import { shortArn } from '../task-definition/names.js';
import { startRollback } from '../strategy/start-rollback.js';

/** What a deploy does about the deployments it started when the run is cancelled. */
export type OnCancel = 'rollback' | 'leave';

/**
 * The runner sends SIGTERM 7.5 s after SIGINT and kills the step 2.5 s later: every rollback is
 * started (not followed) within this, in parallel, so the step still reports and exits in time.
 */
export const CANCEL_BUDGET_MS = 5_000;

interface CancelCandidate {
  service: string;
  taskDefinitionArn: string;
  previousTaskDefinitionArn?: string;
  deploymentId?: string;
  newDeployment: boolean;
  rolloutState: string;
  rollback?: RollbackOutcome;
  /** What the cancellation did for this service, in one sentence. */
  cancel?: string;
}

/**
 * On cancel with `rollback`: starts returning every service this run moved to its previous task
 * definition (StopServiceDeployment ROLLBACK for a deployment still in progress, else
 * UpdateService), without waiting, each call bounded by what is left of CANCEL_BUDGET_MS. With
 * `leave`: says which deployment keeps rolling. Records the result in each candidate's `cancel`
 * (and `rollback`); never throws.
 */
export async function handleCancel(
  ecs: ECSClient,
  log: ActionLog,
  options: { cluster: string; onCancel: OnCancel },
  candidates: CancelCandidate[],
  clock: Clock = systemClock,
): Promise<void> {
  const moved = candidates.filter(
    (c) =>
      c.newDeployment &&
      c.previousTaskDefinitionArn &&
      c.previousTaskDefinitionArn !== c.taskDefinitionArn &&
      c.rollback === undefined,
  );
  for (const c of candidates.filter((x) => !moved.includes(x))) {
    c.cancel = c.rollback
      ? `already rolling back to ${shortArn(c.rollback.taskDefinitionArn)} (by ${c.rollback.by})`
      : 'nothing to undo: this run did not change its task definition';
  }
  if (options.onCancel === 'leave') {
    for (const c of moved) {
      c.cancel = `left as it is (on-cancel: leave): deployment ${c.deploymentId} of ${shortArn(c.taskDefinitionArn)} continues${c.rolloutState === 'COMPLETED' ? ' (it had COMPLETED)' : '; nobody follows it now'}`;
      log.warning(`${c.service}: ${c.cancel}`);
    }
    return;
  }
  const deadline = clock.now() + CANCEL_BUDGET_MS;
  const context = { deadline, hardStop: deadline, signal: AbortSignal.timeout(CANCEL_BUDGET_MS), clock };
  await Promise.all(
    moved.map(async (c) => {
      const to = c.previousTaskDefinitionArn!;
      const request = { cluster: options.cluster, service: c.service, from: c.taskDefinitionArn, to };
      try {
        const started = await startRollback(ecs, request, context, { awaitDeployment: false });
        c.rollback = {
          by: 'Shipline',
          method: started.method,
          taskDefinitionArn: to,
          deploymentId: started.deploymentId || undefined,
          serviceDeploymentArn: started.serviceDeploymentArn,
          rolloutState: 'IN_PROGRESS',
          reason: 'started on cancel; not followed',
        };
        c.cancel = `rollback to ${shortArn(to)} started (${started.note}); not followed`;
        log.warning(`${c.service}: ${c.cancel}`);
      } catch (error) {
        const why = context.signal.aborted
          ? `no answer within ${CANCEL_BUDGET_MS / 1000}s`
          : describeAwsError(error);
        c.rollback = {
          by: 'Shipline',
          taskDefinitionArn: to,
          rolloutState: 'FAILED',
          reason: `the rollback could not be started on cancel: ${why}`,
        };
        c.cancel = `rollback to ${shortArn(to)} NOT started (${why}): deployment ${c.deploymentId} of ${shortArn(c.taskDefinitionArn)} may still be rolling`;
        log.warning(`${c.service}: ${c.cancel}`);
      }
    }),
  );
}
