// The seam between a deploy and how a service deploys (start, follow, roll back): the
// DeployStrategy interface, with a rolling and a native (BLUE_GREEN, CANARY, LINEAR) implementation.
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { CallContext } from '../client/ecs-client.js';
import type { WatchTarget } from '../watch/deployment-watcher.js';
import type { RolloutMoment } from './service-deployment.js';
import type { RollbackRequest, StartedRollback } from './start-rollback.js';
import type { StrategyPlan } from './strategy-plan.js';
import type { StrategyName } from './strategy-settings.js';
import type { Until } from './test-hook.js';

export interface StrategyDeps {
  ecs: ECSClient;
  cluster: string;
  /** Each change of a native rollout's stage, traffic, alarms or hook, as it is seen. */
  onMoment?: (service: string, moment: RolloutMoment) => void;
  /** `test-traffic`: follow a native rollout only until it waits at its PAUSE hook after test traffic. */
  until?: Until;
  /** Follow a service deployment resumed from its PAUSE hook (ContinueServiceDeployment) instead. */
  resumed?: { serviceDeploymentArn: string; action: 'CONTINUE' | 'ROLLBACK' };
}

/** What a native strategy saw of the rollout it followed, for outputs and the summary. */
export interface StrategyRecord {
  serviceDeploymentArn?: string;
  timeline: RolloutMoment[];
  triggeredAlarms: string[];
  /** `until: test-traffic`: the PAUSE hook the rollout waits at after its test traffic shift. */
  pausedHook?: { hookId: string; expiresAt?: string; timeoutAction?: string };
}

export interface DeployStrategy {
  readonly name: StrategyName;
  /** Start: the configuration UpdateService sets and what the rollout needs at least. */
  readonly plan: StrategyPlan;
  /** Follow: the target that watches the deployment this run started. */
  follow(target: WatchTarget): WatchTarget;
  /** Follow the rollback ECS itself started (circuit breaker or alarms). */
  followEcsRollback(target: WatchTarget): WatchTarget;
  /** Roll back: starts returning the service to `request.to` and says what to follow. */
  rollBack(
    request: RollbackRequest,
    context: CallContext,
    how?: { awaitDeployment: boolean },
  ): Promise<{
    started: StartedRollback;
    follow: (target: Omit<WatchTarget, 'deploymentId'>) => WatchTarget;
  }>;
  /** What was seen of a native rollout (undefined for a rolling one). */
  record(): StrategyRecord | undefined;
}

/** What a native strategy saw, written into a service's outcome (nothing for a rolling one). */
export function recordStrategy(
  outcome: {
    serviceDeploymentArn?: string;
    timeline?: RolloutMoment[];
    triggeredAlarms?: string[];
    pausedHook?: StrategyRecord['pausedHook'];
  },
  strategy: DeployStrategy | undefined,
): void {
  const record = strategy?.record();
  if (!record) return;
  outcome.serviceDeploymentArn = record.serviceDeploymentArn;
  outcome.timeline = record.timeline;
  outcome.triggeredAlarms = record.triggeredAlarms;
  if (record.pausedHook) outcome.pausedHook = record.pausedHook;
}
