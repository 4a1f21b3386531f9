// deploy-ecs's second half after a test-listener check: every deployment waiting at its PAUSE hook
// resumed (CONTINUE or ROLLBACK) and followed to its end, with the same verdict and report as deploy.
import { formatDuration } from '@shipline/toolkit';
import { preflightServices } from '../start/preflight.js';
import { beginRun } from '../start/run-context.js';
import { currentStrategy } from '../strategy/choose-strategy.js';
import { resumeAtHook, type HookAction } from '../strategy/continue-hook.js';
import type { DeployStrategy } from '../strategy/deploy-strategy.js';
import { describeMoment } from '../strategy/service-deployment.js';
import type { PausedDeployment } from '../strategy/test-hook.js';
import { shortArn } from '../task-definition/names.js';
import { worstState } from '../watch/rollout-state.js';
import type { DeployDeps, DeployResult, ServiceOutcome } from './deploy-types.js';
import { handleCancel, type OnCancel } from './cancel.js';
import { followDeployments } from './follow-deployments.js';
import { rollBackMovedServices } from './rollback-on-failure.js';

export interface ContinueOptions {
  cluster: string;
  /** The deployments a deploy with `until: test-traffic` left at their hook (its `hooks` output). */
  paused: PausedDeployment[];
  action: HookAction;
  timeoutMs: number;
  rollbackOnFailure: boolean;
  /** Cancelled while following a CONTINUE: start the rollback (default) or leave it going. */
  onCancel?: OnCancel;
}

/**
 * Resumes each paused deployment and follows it: CONTINUE to SUCCESSFUL (production all on green,
 * bake included; an alarm or failure rolls back as in deploy), ROLLBACK to ROLLBACK_SUCCESSFUL —
 * which fails the step (the release did not become the running one), production never having
 * served it.
 */
export async function continueDeployments(options: ContinueOptions, deps: DeployDeps): Promise<DeployResult> {
  const { ecs, log } = deps;
  const { clock, startedAt, context } = await beginRun(deps, options.timeoutMs);
  const names = options.paused.map((p) => p.service);
  const before = await log.group('Pre-flight', async () => {
    const services = await preflightServices(ecs, options.cluster, names, context);
    return services.map((service, i) => {
      const paused = options.paused[i]!;
      const strategy: DeployStrategy = currentStrategy(service, {
        ecs,
        cluster: options.cluster,
        onMoment: (name, moment) => log.info(`[${name}] ${describeMoment(moment)}`),
        resumed: { serviceDeploymentArn: paused.serviceDeploymentArn, action: options.action },
      });
      log.info(
        `${paused.service}: ${strategy.name}, hook ${paused.hookId} of ${paused.serviceDeploymentArn}`,
      );
      return { service, strategy, paused };
    });
  });
  const outcomes: ServiceOutcome[] = await log.group(`Resume (${options.action})`, async () => {
    const resumed: ServiceOutcome[] = [];
    for (const { paused, strategy } of before) {
      const { note } = await resumeAtHook(ecs, paused, options.action, context);
      log.info(`${paused.service}: ${note}`);
      resumed.push({
        service: paused.service,
        previousTaskDefinitionArn: paused.previousTaskDefinitionArn,
        taskDefinitionArn: paused.taskDefinitionArn,
        deploymentId: paused.deploymentId,
        newDeployment: true,
        rolloutState: 'IN_PROGRESS',
        rolledBack: false,
        strategy: strategy.name,
        events: [],
        stoppedTasks: [],
      });
    }
    return resumed;
  });
  const waiting = `Waiting for ${outcomes.length} deployment(s) (${formatDuration(options.timeoutMs)} at most)`;
  const printedEvents = await log.group(waiting, () =>
    followDeployments(options, deps, context, startedAt, outcomes, before),
  );
  if (options.action === 'ROLLBACK') {
    for (const o of outcomes)
      markRolledBackAtHook(o, before.find((b) => b.paused.service === o.service)!.paused);
  }
  // Cancelled while production traffic moves: as deploy does (ROLLBACK is on its way already).
  const onCancel = deps.signal?.aborted ? (options.onCancel ?? 'rollback') : undefined;
  if (onCancel && options.action === 'CONTINUE') {
    await log.group(`Cancelled (on-cancel: ${onCancel})`, () =>
      handleCancel(ecs, log, { cluster: options.cluster, onCancel }, outcomes, clock),
    );
  }
  const failed = outcomes.some((o) => o.rolloutState === 'FAILED' || o.rolloutState === 'TIMED_OUT');
  if (options.action === 'CONTINUE' && failed && options.rollbackOnFailure && !deps.signal?.aborted) {
    const strategies = new Map(before.map((b) => [b.paused.service, b.strategy]));
    await log.group('Rollback', () =>
      rollBackMovedServices(ecs, log, { ...options, printedEvents, strategies }, outcomes, {
        signal: deps.signal,
        clock,
      }),
    );
  }
  const rolloutState = worstState(outcomes.map((o) => o.rolloutState));
  const first = options.paused[0]!;
  return {
    taskDefinitionArn: first.taskDefinitionArn,
    taskDefinitionNote: `resumed at the test hook with ${options.action} (deployed by the step before)`,
    registered: false,
    services: outcomes,
    rolloutState,
    rolledBack: outcomes.some(
      (o) => o.rolledBack || (o.cancel !== undefined && o.rollback?.rolloutState === 'IN_PROGRESS'),
    ),
    onCancel,
    succeeded: rolloutState === 'COMPLETED',
    durationSeconds: Math.round((clock.now() - startedAt) / 100) / 10,
    deregistered: [],
  };
}

/**
 * ROLLBACK asked for: the rollback completing is the outcome wanted, but the release did not become
 * the running one, so the service's state is FAILED with the rollback recorded.
 */
function markRolledBackAtHook(o: ServiceOutcome, paused: PausedDeployment): void {
  const back = o.rolloutState === 'COMPLETED';
  if (o.rolloutState === 'CANCELLED') {
    o.cancel = 'ECS is rolling back at the test hook (ContinueServiceDeployment ROLLBACK); not followed';
    o.rollback = {
      by: 'Shipline',
      method: 'ContinueServiceDeployment',
      taskDefinitionArn: paused.previousTaskDefinitionArn ?? '',
      serviceDeploymentArn: paused.serviceDeploymentArn,
      rolloutState: 'IN_PROGRESS',
    };
    return;
  }
  o.rollback = {
    by: 'Shipline',
    method: 'ContinueServiceDeployment',
    taskDefinitionArn: paused.previousTaskDefinitionArn ?? '',
    deploymentId: paused.deploymentId,
    serviceDeploymentArn: paused.serviceDeploymentArn,
    rolloutState: back ? 'COMPLETED' : o.rolloutState,
    ...(back ? {} : { reason: o.reason }),
  };
  o.rolledBack = back;
  o.rolloutState = 'FAILED';
  o.reason = back
    ? `rolled back at the test hook (hook-action: rollback): ${shortArn(paused.taskDefinitionArn)} served only the test listener, production stayed on ${shortArn(paused.previousTaskDefinitionArn)}`
    : `the rollback at the test hook did not complete: ${o.reason ?? o.rolloutState}`;
}
