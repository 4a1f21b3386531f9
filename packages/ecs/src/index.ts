// The ECS domain's public face: what deploy-ecs and rollback (and this package's tests) use.

// Reading the actions' ECS inputs, before any call.
export {
  readCluster,
  readContainerEnvironment,
  readContainerImages,
  readFamily,
  readServices,
  readTaskDefinitionRevision,
  requireAwsRegion,
} from './start/inputs.js';
export { checkBakeTime, readBakeTime } from './deploy/bake-input.js';
export { preflightServices } from './start/preflight.js';
export {
  strategyReaders,
  type StrategyChoice,
  type StrategyName,
  type StrategySettings,
} from './strategy/strategy-settings.js';

// Talking to ECS within the step's deadline.
export { callEcs, createEcsClient } from './client/ecs-client.js';
export { checkCredentials } from './client/credentials.js';

// Task definitions: the file, rendering, comparing, names.
export {
  parseTaskDefinitionFile,
  renderTaskDefinition,
  TaskDefinitionError,
  type TaskDefinitionInput,
} from './task-definition/task-definition.js';
export { diffTaskDefinitions, sameTaskDefinition } from './task-definition/compare.js';
export type { TaskDefinitionSource } from './task-definition/registry.js';
export { readTaskDefinitionSource, type SourceInputs } from './task-definition/read-source.js';
export { shortArn } from './task-definition/names.js';

// Following deployments and saying what happened.
export { judgeDeployment } from './watch/deployment-verdict.js';
export { watchDeployments, type WatchTarget } from './watch/deployment-watcher.js';
export { describeStoppedTask, findStoppedTasks } from './watch/stopped-tasks.js';
export type { RolloutState } from './watch/rollout-state.js';
export { bakeDeployments } from './watch/bake.js';
export { SHORTFALL_GRACE_MS } from './watch/bake-verdict.js';

// deploy-ecs: one task definition to one or more services.
export { deploy } from './deploy/deploy.js';
export type { DeployDeps, DeployOptions, DeployResult, ServiceOutcome } from './deploy/deploy-types.js';
export { bakeServices, type BakeOutcome } from './deploy/bake-services.js';

// rollback: services back to a task definition that served.
export {
  rollBackServices,
  type RollbackServicesOptions,
  type ServiceRollback,
} from './rollback/roll-back-services.js';
export { rollBackService, type RollbackResult } from './rollback/roll-back-service.js';
export { findRollbackTarget } from './rollback/rollback-target.js';
export { startRollback } from './strategy/start-rollback.js';

// Deployment strategies: the seam (start, follow, roll back) and the one place one is chosen.
export type { DeployStrategy, StrategyRecord } from './strategy/deploy-strategy.js';
export { chooseStrategy, currentStrategy } from './strategy/choose-strategy.js';
export { planStrategy, type StrategyPlan } from './strategy/strategy-plan.js';
export { describeMoment, type RolloutMoment } from './strategy/service-deployment.js';

// Verify before production: stop at the PAUSE hook after test traffic, then resume (CONTINUE/ROLLBACK).
export { testHookReaders } from './strategy/test-hook-inputs.js';
export type { PausedDeployment, Until } from './strategy/test-hook.js';
export type { HookAction } from './strategy/continue-hook.js';
export { continueDeployments, type ContinueOptions } from './deploy/continue-deployments.js';

// run-task: one one-off task from a task definition, followed to STOPPED with its log streamed.
export { runOneOffTask } from './run-task/run-one-off-task.js';
export { createLogsClients } from './run-task/logs-client.js';
export { LAST_LINES } from './run-task/log-follower.js';
export { readCommand, readStartedBy, readTaskNetwork } from './run-task/inputs.js';
export type {
  RunTaskDeps,
  RunTaskOptions,
  RunTaskOutcome,
  RunTaskResult,
  TaskNetwork,
} from './run-task/run-task-types.js';
