// The shapes deploy takes (options, dependencies) and returns (one outcome per service, the result).
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ActionLog, Clock } from '@shipline/toolkit';
import type { TaskDefinitionSource } from '../task-definition/registry.js';
import type { RenderOptions } from '../task-definition/task-definition.js';
import type { RolloutState } from '../watch/rollout-state.js';
import type { RolloutMoment } from '../strategy/service-deployment.js';
import type { StrategyName, StrategySettings } from '../strategy/strategy-settings.js';
import type { Until } from '../strategy/test-hook.js';
import type { BakeOutcome } from './bake-services.js';
import type { OnCancel } from './cancel.js';
import type { RollbackOutcome } from './rollback-on-failure.js';

export interface DeployOptions extends RenderOptions {
  cluster: string;
  services: string[];
  source: TaskDefinitionSource;
  desiredCount?: number;
  forceNewDeployment: boolean;
  wait: boolean;
  timeoutMs: number;
  rollbackOnFailure: boolean;
  /** When the run is cancelled while waiting: start the rollback (default) or leave the rollout going. */
  onCancel?: OnCancel;
  skipRegisterIfUnchanged: boolean;
  /** 0 keeps every revision. */
  keepRevisions: number;
  /**
   * Rolling: after every deployment COMPLETED, how long to keep watching them (0 or absent: no
   * bake). Native strategies: ECS's bakeTimeInMinutes, set only when bakeTimeGiven.
   */
  bakeTimeMs?: number;
  /** Whether bake-time was given; not given, a native strategy keeps the service's bake. */
  bakeTimeGiven?: boolean;
  /** The strategy inputs; absent keeps every service's strategy as it is. */
  strategy?: StrategySettings;
  /** `test-traffic`: stop once every rollout waits at its PAUSE hook after the test traffic shift. */
  until?: Until;
  /** The test listener's address, handed on with a paused deployment for the smoke test. */
  testUrl?: string;
}

export interface DeployDeps {
  ecs: ECSClient;
  log: ActionLog;
  signal?: AbortSignal;
  clock?: Clock;
}

export interface ServiceOutcome {
  service: string;
  previousTaskDefinitionArn?: string;
  /** What shows the previous task definition served (a deployment id and status). */
  previousNote?: string;
  taskDefinitionArn: string;
  deploymentId?: string;
  /** False when the service already ran this task definition and nothing forced a new deployment. */
  newDeployment: boolean;
  rolloutState: RolloutState;
  reason?: string;
  rolledBack: boolean;
  rollback?: RollbackOutcome;
  /** Set when the run was cancelled: what was done about this service's deployment. */
  cancel?: string;
  bake?: BakeOutcome;
  /** The service's deployment strategy for this run. */
  strategy?: StrategyName;
  /** Native strategies: the service deployment followed. */
  serviceDeploymentArn?: string;
  /** Native strategies: each change of stage, traffic split, alarms and hooks seen, oldest first. */
  timeline?: RolloutMoment[];
  /** Alarms ECS saw in ALARM during the deployment (native strategies and deployment alarms). */
  triggeredAlarms?: string[];
  /** `until: test-traffic`: the PAUSE hook the rollout waits at (rolloutState IN_PROGRESS). */
  pausedHook?: { hookId: string; expiresAt?: string; timeoutAction?: string };
  events: string[];
  stoppedTasks: string[];
}

export interface DeployResult {
  taskDefinitionArn: string;
  taskDefinitionNote: string;
  registered: boolean;
  services: ServiceOutcome[];
  rolloutState: RolloutState;
  rolledBack: boolean;
  /** Set when the run was cancelled while waiting: what on-cancel did. */
  onCancel?: OnCancel;
  succeeded: boolean;
  durationSeconds: number;
  deregistered: string[];
}

/**
 * Deploys one task definition to one or more services of a cluster: pre-flight, register or
 * reuse, update, follow each new deployment by id until it is COMPLETED and serving, FAILED,
 * rolled back by ECS or out of time; explain failures; roll back; prune old revisions.
 */
