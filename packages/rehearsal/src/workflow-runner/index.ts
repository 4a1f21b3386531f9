// The generic workflow runner's public face: read a workflow file, resolve how a caller calls it,
// and run its jobs and steps as GitHub's runner would. Nothing here knows Shipline's stories.
export { callingJobIds, resolveCall, type ResolvedCall } from './caller-workflow.js';
export type { CallContext, JobResult, Outcome } from './contexts.js';
export { runWorkflow } from './job-runner.js';
export type { ActionStandIn, JobRecord, Reporter, StandIn, StepRecord, WorkflowRun } from './run-types.js';
export { stepKind, type StepKind } from './step-kinds.js';
export {
  callInputs,
  jobOrder,
  loadWorkflow,
  WorkflowError,
  type Scalar,
  type Workflow,
} from './workflow-file.js';
