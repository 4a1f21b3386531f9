// deploy: one task definition to one or more services, from pre-flight to the verdict.
import type { ECSClient } from '@aws-sdk/client-ecs';
import { formatDuration, type ActionLog } from '@shipline/toolkit';
import type { CallContext } from '../client/ecs-client.js';
import { preflightServices } from '../start/preflight.js';
import { beginRun } from '../start/run-context.js';
import { familyOf, shortArn } from '../task-definition/names.js';
import { resolveTaskDefinition } from '../task-definition/registry.js';
import { pruneRevisions } from '../task-definition/revisions.js';
import { worstState } from '../watch/rollout-state.js';
import { bakeServices } from './bake-services.js';
import { chooseStrategies } from './choose-strategies.js';
import { handleCancel } from './cancel.js';
import type { DeployDeps, DeployOptions, DeployResult, ServiceOutcome } from './deploy-types.js';
import { followDeployments } from './follow-deployments.js';
import { previousTaskDefinition } from './previous-task-definition.js';
import { rollBackMovedServices } from './rollback-on-failure.js';
import { updateServices } from './update-services.js';

export async function deploy(options: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  const { ecs, log } = deps;
  const { clock, startedAt, context } = await beginRun(deps, options.timeoutMs);

  const before = await log.group('Pre-flight', async () => {
    const services = await preflightServices(ecs, options.cluster, options.services, context);
    const strategies = chooseStrategies(options, deps, services);
    const previous = await Promise.all(
      services.map((s) => previousTaskDefinition(ecs, options.cluster, s, context)),
    );
    services.forEach((s, i) => {
      const p = previous[i]!;
      if (p.midDeployment) {
        log.warning(
          `${s.serviceName} is mid-deployment (${p.midDeployment}); on failure it goes back to ${shortArn(p.taskDefinitionArn)}, ${p.note}.`,
        );
      }
      log.info(`${s.serviceName}: ACTIVE; previous ${shortArn(p.taskDefinitionArn)}, ${p.note}`);
    });
    return services.map((service, i) => ({
      service,
      previous: previous[i]!.taskDefinitionArn,
      previousNote: previous[i]!.note,
      strategy: strategies.get(service.serviceName!),
    }));
  });
  const resolved = await log.group('Task definition', async () => {
    const result = await resolveTaskDefinition(
      ecs,
      options.source,
      {
        ...options,
        skipIfUnchanged: options.skipRegisterIfUnchanged,
        running: before.flatMap((b) => [b.previous, b.service.taskDefinition]),
      },
      context,
    );
    log.info(`${shortArn(result.arn)}: ${result.note}`);
    for (const change of result.changes.slice(0, 20)) log.info(`  changed: ${change}`);
    return result;
  });
  const strategies = new Map(
    before.flatMap((b) => (b.strategy ? [[b.service.serviceName!, b.strategy]] : [])),
  );
  const outcomes = await log.group('Update services', () =>
    updateServices(options, deps, context, resolved.arn, before),
  );

  // Events already printed while waiting: a rollback that follows prints only newer ones.
  let printedEvents = new Map<string, string[]>();
  if (options.wait) {
    printedEvents = await log.group(`Waiting for ${outcomes.length} deployment(s)`, () =>
      followDeployments(options, deps, context, startedAt, outcomes, before),
    );
  }
  // Stopped at the test hook: in progress (production still on blue), handed on with its hook.
  for (const o of outcomes)
    if (o.pausedHook && o.rolloutState === 'COMPLETED') {
      o.rolloutState = 'IN_PROGRESS';
      o.reason = `waiting at PAUSE hook ${o.pausedHook.hookId} after the test traffic shift`;
    }
  const paused = outcomes.length > 0 && outcomes.every((o) => o.pausedHook);
  const bakeTimeMs = options.bakeTimeMs ?? 0;
  // A native strategy's bake is ECS's own (bakeTimeInMinutes), inside the rollout just followed.
  const rolling = outcomes.filter((o) => (o.strategy ?? 'ROLLING') === 'ROLLING');
  if (
    options.wait &&
    bakeTimeMs > 0 &&
    rolling.length > 0 &&
    outcomes.every((o) => o.rolloutState === 'COMPLETED')
  ) {
    await log.group(`Bake ${formatDuration(bakeTimeMs)}`, () =>
      bakeServices(ecs, log, { cluster: options.cluster, bakeTimeMs }, rolling, {
        signal: deps.signal,
        clock,
      }),
    );
  }
  const onCancel = options.wait && deps.signal?.aborted ? (options.onCancel ?? 'rollback') : undefined;
  if (onCancel) {
    await log.group(`Cancelled (on-cancel: ${onCancel})`, () =>
      handleCancel(ecs, log, { cluster: options.cluster, onCancel }, outcomes, clock),
    );
  }
  const failed = outcomes.some((o) => o.rolloutState === 'FAILED' || o.rolloutState === 'TIMED_OUT');
  if (failed && options.rollbackOnFailure && !deps.signal?.aborted) {
    await log.group('Rollback', () =>
      rollBackMovedServices(ecs, log, { ...options, printedEvents, strategies }, outcomes, {
        signal: deps.signal,
        clock,
      }),
    );
  }
  const rolloutState = worstState(outcomes.map((o) => o.rolloutState));
  const succeeded =
    rolloutState === 'COMPLETED' || ((!options.wait || paused) && rolloutState === 'IN_PROGRESS');
  let deregistered: string[] = [];
  if (succeeded && options.keepRevisions > 0) {
    deregistered = await log.group('Old revisions', () =>
      prune(ecs, log, options.keepRevisions, resolved.arn, outcomes, context),
    );
  }
  return {
    taskDefinitionArn: resolved.arn,
    taskDefinitionNote: resolved.note,
    registered: resolved.registered,
    services: outcomes,
    rolloutState,
    rolledBack: outcomes.some(
      (o) => o.rolledBack || (o.cancel && o.rollback?.rolloutState === 'IN_PROGRESS'),
    ),
    onCancel,
    succeeded,
    durationSeconds: Math.round((clock.now() - startedAt) / 100) / 10,
    deregistered,
  };
}

async function prune(
  ecs: ECSClient,
  log: ActionLog,
  keep: number,
  taskDefinitionArn: string,
  outcomes: ServiceOutcome[],
  context: CallContext,
): Promise<string[]> {
  const protect = new Set([taskDefinitionArn, ...outcomes.map((o) => o.previousTaskDefinitionArn ?? '')]);
  const gone = await pruneRevisions(ecs, familyOf(taskDefinitionArn), keep, protect, context);
  log.info(
    gone.length > 0
      ? `deregistered ${gone.length} old revision(s): ${gone.map(shortArn).join(', ')}`
      : `no revision beyond the newest ${keep} to deregister`,
  );
  return gone;
}
