// The rolling update (ROLLING): followed from DescribeServices alone, rolled back by
// StopServiceDeployment ROLLBACK while in progress, else UpdateService — today's behaviour.
import type { CallContext } from '../client/ecs-client.js';
import type { WatchTarget } from '../watch/deployment-watcher.js';
import type { DeployStrategy, StrategyDeps } from './deploy-strategy.js';
import { startRollback, type RollbackRequest } from './start-rollback.js';
import type { StrategyPlan } from './strategy-plan.js';

export class RollingStrategy implements DeployStrategy {
  readonly name = 'ROLLING' as const;

  constructor(
    readonly plan: StrategyPlan,
    private readonly deps: StrategyDeps,
  ) {}

  follow(target: WatchTarget): WatchTarget {
    return target;
  }

  followEcsRollback(target: WatchTarget): WatchTarget {
    return target;
  }

  async rollBack(request: RollbackRequest, context: CallContext, how?: { awaitDeployment: boolean }) {
    const started = await startRollback(this.deps.ecs, request, context, how);
    return {
      started,
      follow: (target: Omit<WatchTarget, 'deploymentId'>): WatchTarget => ({
        ...target,
        deploymentId: started.deploymentId,
      }),
    };
  }

  record(): undefined {
    return undefined;
  }
}
