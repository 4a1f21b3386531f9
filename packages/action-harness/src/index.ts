// @shipline/action-harness's public face: runAction, the leak check, and the runner's parsers and evaluator it is built on.
export { runAction } from './run-action.js';
export { cancelOnLine, type LineCancel } from './cancel-on-line.js';
export { inputEnvName } from './inputs.js';
export {
  parseFileCommands,
  parsePathFile,
  FileCommandError,
  type FileCommandEntry,
} from './file-commands.js';
export { parseWorkflowCommand, REGISTERED_COMMANDS, type ParsedCommand } from './workflow-commands.js';
export { expectNoLeaks, describeLeak } from './leaks.js';
export { loadActionManifest, type ActionManifest, type ActionInput } from './action-manifest.js';
export { evaluateCondition, evaluateTemplate, type JobStatus } from './expressions.js';
export { COMPILE_CACHE_DIR, RUNNER_KILL_DELAYS } from './process.js';
export type {
  Conclusion,
  Leak,
  LeakWhere,
  RunActionOptions,
  RunContext,
  RunResult,
  Stage,
  StageConclusion,
  StageResult,
  Stream,
  WorkflowCommand,
} from './types.js';
export { bundleWithNcc } from './bundle.js';
