// rollBackService: one service back to 'previous' or a named revision, from pre-flight to the verdict.
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { Clock, ActionLog } from '@shipline/toolkit';
import { beginRun } from '../start/run-context.js';
import { formatEvent } from '../watch/progress-lines.js';
import { diagnose, type Diagnosis } from '../watch/diagnosis.js';
import { reasonOf, rolloutStateOf, type RolloutState } from '../watch/rollout-state.js';
import { shortArn } from '../task-definition/names.js';
import { watchDeployments } from '../watch/deployment-watcher.js';
import { followUpContext, type CallContext } from '../client/ecs-client.js';
import { currentTaskDefinition, preflightServices, PreflightError } from '../start/preflight.js';
import { currentStrategy } from '../strategy/choose-strategy.js';
import type { StrategyName } from '../strategy/strategy-settings.js';
import { findRollbackTarget, type RollbackProof } from './rollback-target.js';
import { describeTaskDefinition } from '../task-definition/registry.js';

export interface RollbackOptions {
  cluster: string;
  service: string;
  /** 'previous', or a task-definition ARN or family:revision. */
  to: string;
  wait: boolean;
  timeoutMs: number;
}

export interface RollbackResult extends Diagnosis {
  from: string;
  to: string;
  /** How `to` was chosen when it was 'previous'. */
  targetNote: string;
  /** The service deployment that showed `to` served, when the history chose it. */
  targetProof?: RollbackProof;
  method: 'StopServiceDeployment' | 'UpdateService';
  /** The service's deployment strategy, which chose the method. */
  strategy: StrategyName;
  deploymentId: string;
  rolloutState: RolloutState;
  reason?: string;
  succeeded: boolean;
  durationSeconds: number;
}

/**
 * Returns a service to an earlier task definition: the last successful one ('previous') or a
 * named revision. Refuses, changing nothing, when the target does not exist or already runs.
 */
export async function rollBackService(
  options: RollbackOptions,
  deps: { ecs: ECSClient; log: ActionLog; signal?: AbortSignal; clock?: Clock },
): Promise<RollbackResult> {
  const { ecs, log } = deps;
  const { clock, startedAt, context } = await beginRun(deps, options.timeoutMs);

  const { service, from, to, targetNote, targetProof } = await log.group('Pre-flight', async () => {
    const [found] = await preflightServices(ecs, options.cluster, [options.service], context);
    const current = currentTaskDefinition(found!);
    if (!current) throw new PreflightError(`Nothing was changed: ${options.service} has no task definition.`);
    const target = await chooseTarget(ecs, options, found!, current, context, log);
    if (target.arn === current) {
      throw new PreflightError(
        `Nothing was changed: ${options.service} already runs ${shortArn(current)}, the rollback target.`,
      );
    }
    log.info(`${options.service}: ${shortArn(current)} → ${shortArn(target.arn)}, ${target.note}`);
    return {
      service: found!,
      from: current,
      to: target.arn,
      targetNote: target.note,
      targetProof: target.proof,
    };
  });
  // The service's strategy says how it goes back: a traffic switch while blue is still there.
  const strategy = currentStrategy(service, { ecs, cluster: options.cluster });
  const { started, follow } = await log.group('Rollback', async () => {
    const result = await strategy.rollBack(
      { cluster: options.cluster, service: options.service, from, to },
      context,
    );
    log.info(`${result.started.note}; following ${result.started.deploymentId}`);
    return result;
  });
  const base = {
    from,
    to,
    targetNote,
    targetProof,
    method: started.method,
    strategy: strategy.name,
    deploymentId: started.deploymentId,
  };
  const seconds = () => Math.round((clock.now() - startedAt) / 100) / 10;
  if (!options.wait) {
    return {
      ...base,
      rolloutState: 'IN_PROGRESS',
      succeeded: true,
      durationSeconds: seconds(),
      events: [],
      stoppedTasks: [],
    };
  }
  const [watched] = await log.group(`Waiting for ${started.deploymentId}`, () =>
    watchDeployments({
      ecs,
      cluster: options.cluster,
      targets: [
        follow({
          service: options.service,
          previousTaskDefinitionArn: from,
          knownEventIds: (service.events ?? []).map((e) => e.id!).filter(Boolean),
        }),
      ],
      ...context,
      onEvent: (name, event) => log.info(formatEvent(name, event)),
    }),
  );
  const rolloutState = rolloutStateOf(watched!.verdict);
  const succeeded = rolloutState === 'COMPLETED';
  const why =
    succeeded || rolloutState === 'CANCELLED'
      ? { events: [], stoppedTasks: [] }
      : await diagnose(
          ecs,
          {
            cluster: options.cluster,
            service: options.service,
            deploymentId: started.deploymentId,
            last: watched!.last,
          },
          followUpContext(context, 20_000),
        );
  return {
    ...base,
    ...why,
    rolloutState,
    reason: reasonOf(watched!.verdict),
    succeeded,
    durationSeconds: seconds(),
  };
}

async function chooseTarget(
  ecs: ECSClient,
  options: RollbackOptions,
  service: Parameters<typeof findRollbackTarget>[2],
  current: string,
  context: CallContext,
  log: ActionLog,
): Promise<{ arn: string; note: string; proof?: RollbackProof }> {
  if (options.to === 'previous') {
    const target = await findRollbackTarget(ecs, options.cluster, service, current, context);
    if (!target) {
      throw new PreflightError(
        `Nothing was changed: no earlier task definition of ${options.service} that served was found to roll back to; name one in 'to'.`,
      );
    }
    if (target.source !== 'service-deployments') log.warning(`Rollback target from ${target.note}.`);
    return { arn: target.taskDefinitionArn, note: target.note, proof: target.proof };
  }
  const described = await describeTaskDefinition(ecs, options.to, context);
  if (!described?.taskDefinitionArn || described.status === 'INACTIVE') {
    throw new PreflightError(
      `Nothing was changed: the task definition ${options.to} ${described ? 'is INACTIVE (deregistered)' : 'does not exist'}.`,
    );
  }
  return { arn: described.taskDefinitionArn, note: 'named in the to input' };
}
