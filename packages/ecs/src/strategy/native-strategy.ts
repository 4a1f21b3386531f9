// ECS's own strategies (BLUE_GREEN, CANARY, LINEAR): followed by their service deployment (stages,
// traffic, alarms); rolled back by a traffic switch while in progress (bake included), else by a
// new deployment of the previous revision with the service's strategy.
import { StopServiceDeploymentCommand } from '@aws-sdk/client-ecs';
import { callEcs, type CallContext } from '../client/ecs-client.js';
import { shortArn } from '../task-definition/names.js';
import type { WatchTarget } from '../watch/deployment-watcher.js';
import type { DeployStrategy, StrategyDeps, StrategyRecord } from './deploy-strategy.js';
import { NativeJudge, type FollowMode } from './native-judge.js';
import { describeServiceDeployment, inProgressServiceDeployment } from './service-deployment.js';
import { updateServiceTo, type RollbackRequest, type StartedRollback } from './start-rollback.js';
import type { StrategyPlan } from './strategy-plan.js';
import type { StrategyName } from './strategy-settings.js';

const STOPPABLE = new Set(['PENDING', 'IN_PROGRESS']);

export class NativeStrategy implements DeployStrategy {
  readonly name: StrategyName;
  private rollout?: NativeJudge;
  private rollback?: NativeJudge;

  constructor(
    private readonly service: string,
    readonly plan: StrategyPlan,
    private readonly deps: StrategyDeps,
  ) {
    this.name = plan.strategy;
  }

  follow(target: WatchTarget): WatchTarget {
    const resumed = this.deps.resumed;
    // Resumed with ROLLBACK at its hook, the deployment is followed back to blue from the start.
    if (resumed?.action === 'ROLLBACK') {
      this.rollback = this.judge('rollback', resumed.serviceDeploymentArn);
      return { ...target, judge: this.rollback };
    }
    const mode = this.deps.until === 'test-traffic' ? 'to-test-hook' : 'rollout';
    this.rollout = this.judge(mode, resumed?.serviceDeploymentArn);
    return { ...target, judge: this.rollout };
  }

  followEcsRollback(target: WatchTarget): WatchTarget {
    this.rollback = this.judge('rollback', this.rollout?.arn);
    return { ...target, judge: this.rollback };
  }

  /**
   * While the service deployment is in progress (bake included) ECS still has blue: stopping it
   * with ROLLBACK is a traffic switch. Afterwards blue is gone, and going back is a new deployment
   * of the previous revision, run with the service's own strategy.
   */
  async rollBack(
    request: RollbackRequest,
    context: CallContext,
  ): Promise<{ started: StartedRollback; follow: (t: Omit<WatchTarget, 'deploymentId'>) => WatchTarget }> {
    const { ecs } = this.deps;
    const arn =
      this.rollout?.arn ??
      (await inProgressServiceDeployment(ecs, request.cluster, request.service, request.from, context));
    const now = arn ? await describeServiceDeployment(ecs, arn, context) : undefined;
    if (arn && STOPPABLE.has(now?.status ?? '')) {
      await callEcs(context, (o) =>
        ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }), o),
      );
      const id = arn.split('/').pop()!;
      this.rollback = this.judge('rollback', arn);
      const judge = this.rollback;
      return {
        started: {
          method: 'StopServiceDeployment',
          deploymentId: id,
          serviceDeploymentArn: arn,
          note: `stopped service deployment ${id} (${now?.lifecycleStage ?? 'in progress'}) with ROLLBACK: ECS moves production traffic back to blue`,
        },
        follow: (target) => ({ ...target, deploymentId: id, judge }),
      };
    }
    const deploymentId = await updateServiceTo(ecs, request, context);
    // Going back to a revision that served: the service's PAUSE hooks are resumed, not waited out.
    this.rollback = this.judge('rollout', undefined, true);
    const judge = this.rollback;
    return {
      started: {
        method: 'UpdateService',
        deploymentId,
        note: `a new ${this.name} deployment of ${shortArn(request.to)} (the service deployment had ended, so blue is gone)`,
      },
      follow: (target) => ({ ...target, deploymentId, judge }),
    };
  }

  record(): StrategyRecord {
    const pausedHook = this.rollout?.pausedAt;
    return {
      ...(pausedHook ? { pausedHook } : {}),
      serviceDeploymentArn: this.rollout?.arn ?? this.rollback?.arn,
      timeline: [...(this.rollout?.moments ?? []), ...(this.rollback?.moments ?? [])],
      triggeredAlarms: [
        ...new Set([...(this.rollout?.triggeredAlarms() ?? []), ...(this.rollback?.triggeredAlarms() ?? [])]),
      ],
    };
  }

  private judge(mode: FollowMode, arn?: string, resumePauses = false): NativeJudge {
    const onMoment = this.deps.onMoment;
    return new NativeJudge(
      this.deps.ecs,
      this.deps.cluster,
      mode,
      onMoment && ((m) => onMoment(this.service, m)),
      arn,
      resumePauses,
    );
  }
}
