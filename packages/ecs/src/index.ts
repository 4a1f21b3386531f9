export { describeAwsError, isTransientAwsError } from './aws-errors.js';
export {
  FINAL_STATES,
  judgeDeployment,
  shortArn,
  type DeploymentVerdict,
  type FollowedDeployment,
} from './deployment-verdict.js';
export {
  watchDeployments,
  type WatchOptions,
  type WatchResult,
  type WatchTarget,
  type WatchVerdict,
} from './deployment-watcher.js';
export {
  parseTaskDefinitionFile,
  renderTaskDefinition,
  toRegisterInput,
  TaskDefinitionError,
  type RenderOptions,
  type TaskDefinitionInput,
} from './task-definition.js';
export {
  diffTaskDefinitions,
  normaliseTaskDefinition,
  sameTaskDefinition,
} from './task-definition-compare.js';
export { findRollbackTarget, type RollbackSource, type RollbackTarget } from './rollback-target.js';
export {
  describeStoppedTask,
  findStoppedTasks,
  type StoppedTask,
  type StoppedTaskQuery,
} from './stopped-tasks.js';
export { callEcs, createEcsClient, type CallContext } from './ecs-client.js';
export { checkCredentials } from './credentials.js';
export { currentTaskDefinition, preflightServices, PreflightError } from './preflight.js';
export {
  describeTaskDefinition,
  resolveTaskDefinition,
  type ResolvedTaskDefinition,
  type TaskDefinitionSource,
} from './task-definition-registry.js';
export { startRollback, type RollbackRequest, type StartedRollback } from './rollback.js';
export { familyOf, pruneRevisions } from './revisions.js';
export { formatEvent, progressLine, silentLog, type DeployLog } from './deploy-log.js';
export { worstState, type RolloutState } from './deploy-outcome.js';
export { rollBackServices, type RollbackOutcome } from './deploy-rollback.js';
export { CANCEL_BUDGET_MS, type OnCancel } from './deploy-cancel.js';
export { describeServiceStates, serviceStateLine } from './service-state.js';
export {
  bakeDeployments,
  BAKE_FINAL_CHECK_MS,
  type BakeOptions,
  type BakeResult,
  type BakeTarget,
} from './bake.js';
export {
  isFailureStop,
  judgeBake,
  SHORTFALL_GRACE_MS,
  type BakeState,
  type BakeWatch,
} from './bake-verdict.js';
export { checkBakeTime, MAX_BAKE_MS, readBakeTime } from './bake-input.js';
export { bakeServices, type BakeOutcome } from './deploy-bake.js';
export {
  deploy,
  type DeployDeps,
  type DeployOptions,
  type DeployResult,
  type ServiceOutcome,
} from './deploy.js';
export {
  readCluster,
  readContainerEnvironment,
  readContainerImages,
  readFamily,
  readService,
  readServices,
  readTaskDefinitionRevision,
  requireAwsRegion,
} from './inputs.js';
export { rollBackService, type RollbackOptions, type RollbackResult } from './manual-rollback.js';
