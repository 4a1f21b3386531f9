// Judging a deployment of a native strategy (BLUE_GREEN, CANARY, LINEAR) from its service
// deployment: status, lifecycle stage, traffic and alarms, each change recorded for the timeline.
import {
  ContinueServiceDeploymentCommand,
  type Deployment,
  type ECSClient,
  type Service,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { systemClock } from '@shipline/toolkit';
import { callEcs, type CallContext } from '../client/ecs-client.js';
import {
  judgeDeployment,
  type DeploymentVerdict,
  type FollowedDeployment,
} from '../watch/deployment-verdict.js';
import type { DeploymentJudge } from '../watch/deployment-watcher.js';
import { awaitingTestHook } from './test-hook.js';
import {
  describeServiceDeployment,
  findServiceDeployment,
  momentOf,
  sameMoment,
  type RolloutMoment,
} from './service-deployment.js';

/**
 * Following the rollout this run started, or a rollback of it (ECS's or ours); `to-test-hook`
 * follows a rollout only until it waits at its PAUSE hook after the test traffic shift.
 */
export type FollowMode = 'rollout' | 'rollback' | 'to-test-hook';

const ROLLING_BACK = new Set([
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
]);

export class NativeJudge implements DeploymentJudge {
  /** Every change of stage, traffic, alarms or hook seen, oldest first. */
  readonly moments: RolloutMoment[] = [];
  /** The last look at the service deployment. */
  last?: ServiceDeployment;
  /** `to-test-hook`: the PAUSE hook the rollout waits at, once it does. */
  pausedAt?: ReturnType<typeof awaitingTestHook>;

  constructor(
    private readonly ecs: ECSClient,
    private readonly cluster: string,
    private readonly mode: FollowMode,
    private readonly onMoment?: (moment: RolloutMoment) => void,
    /** The service deployment, when known (a rollback follows the one it stopped). */
    public arn?: string,
    /**
     * Resume PAUSE hooks as they wait (CONTINUE): for a rollback by a new deployment of a revision
     * that served before, which the service's hooks would otherwise hold until their timeout.
     */
    private readonly resumePauses = false,
  ) {}
  private readonly resumed = new Set<string>();

  async judge(
    service: Service | undefined,
    target: FollowedDeployment,
    context: CallContext,
  ): Promise<DeploymentVerdict> {
    const plain = judgeDeployment(service, target);
    if (plain.state === 'service-inactive') return plain;
    const ours: Deployment = service!.deployments?.find((d) => d.id === target.deploymentId) ?? {
      id: target.deploymentId,
    };
    this.arn ??= await findServiceDeployment(this.ecs, this.cluster, service!, target.deploymentId, context);
    if (!this.arn) return { state: 'in-progress', deployment: ours };
    const deployment = await describeServiceDeployment(this.ecs, this.arn, context);
    if (!deployment) return { state: 'in-progress', deployment: ours };
    this.last = deployment;
    if (this.resumePauses) await this.resumeWaitingPauses(deployment, context);
    const moment = momentOf(deployment, (context.clock ?? systemClock).now());
    if (!sameMoment(this.moments.at(-1), moment)) {
      this.moments.push(moment);
      this.onMoment?.(moment);
    }
    if (this.mode === 'rollback') return rollbackVerdict(deployment, ours);
    if (this.mode === 'to-test-hook') {
      // The part of the rollout this run follows is done: green has the test listener, production none.
      this.pausedAt = awaitingTestHook(deployment);
      if (this.pausedAt) return { state: 'completed', deployment: ours };
    }
    return rolloutVerdict(deployment, ours, service!, target);
  }

  private async resumeWaitingPauses(deployment: ServiceDeployment, context: CallContext): Promise<void> {
    const waiting = (deployment.lifecycleHookDetails ?? []).filter(
      (h) =>
        h.targetType === 'PAUSE' && h.status === 'AWAITING_ACTION' && h.hookId && !this.resumed.has(h.hookId),
    );
    for (const hook of waiting) {
      this.resumed.add(hook.hookId!);
      await callEcs(context, (o) =>
        this.ecs.send(
          new ContinueServiceDeploymentCommand({
            serviceDeploymentArn: this.arn,
            hookId: hook.hookId,
            action: 'CONTINUE',
          }),
          o,
        ),
      );
    }
  }

  fingerprint(): string {
    return JSON.stringify(this.moments.at(-1) ?? null);
  }

  /** The alarms ECS saw in ALARM during the deployment. */
  triggeredAlarms(): string[] {
    return this.last?.alarms?.triggeredAlarmNames ?? [];
  }
}

function rolloutVerdict(
  deployment: ServiceDeployment,
  ours: Deployment,
  service: Service,
  target: FollowedDeployment,
): DeploymentVerdict {
  const id = deployment.serviceDeploymentArn?.split('/').pop();
  const status = deployment.status ?? '';
  if (status === 'SUCCESSFUL') return { state: 'completed', deployment: ours };
  if (ROLLING_BACK.has(status)) {
    const primary = service.deployments?.find((d) => d.status === 'PRIMARY' && d.id !== ours.id);
    const replacement: Deployment = primary ?? {
      id: target.deploymentId,
      taskDefinition: target.previousTaskDefinitionArn,
    };
    return {
      state: 'rolled-back',
      replacement,
      reason: `ECS rolled back service deployment ${id}: ${why(deployment)}`,
    };
  }
  if (status === 'STOPPED') {
    return {
      state: 'failed',
      deployment: ours,
      reason: `ECS stopped service deployment ${id}: ${why(deployment)}`,
    };
  }
  return { state: 'in-progress', deployment: ours };
}

function rollbackVerdict(deployment: ServiceDeployment, ours: Deployment): DeploymentVerdict {
  const status = deployment.status ?? '';
  if (status === 'ROLLBACK_SUCCESSFUL') return { state: 'completed', deployment: ours };
  if (status === 'ROLLBACK_FAILED' || status === 'STOPPED' || status === 'SUCCESSFUL') {
    return { state: 'failed', deployment: ours, reason: `the rollback ended ${status}: ${why(deployment)}` };
  }
  return { state: 'in-progress', deployment: ours };
}

/** ECS's reason, with the alarms that fired named first. */
function why(deployment: ServiceDeployment): string {
  const alarms = deployment.alarms?.triggeredAlarmNames ?? [];
  const fired = alarms.length > 0 ? `alarm ${alarms.join(', ')} in ALARM` : '';
  return (
    [fired, deployment.statusReason].filter(Boolean).join('; ') || deployment.status || 'no reason given'
  );
}
