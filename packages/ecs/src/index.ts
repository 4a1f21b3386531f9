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
