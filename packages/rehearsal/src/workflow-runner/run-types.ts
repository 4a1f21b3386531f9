// What running a workflow produces and reports: records of steps and jobs, the reporter interface,
// the stand-ins a run is given, and the description of one run.
import type { RunResult } from '@shipline/action-harness';
import type { CallContext, JobResult, Outcome } from './contexts.js';
import type { Workflow } from './workflow-file.js';

export interface StepRecord {
  job: string;
  step: string;
  id?: string;
  kind: 'action' | 'stand-in' | 'run' | 'skipped';
  outcome: Outcome;
  durationMs: number;
  note?: string;
  /** The evaluated `with:` of an action step. */
  inputs?: Record<string, string>;
  outputs: Record<string, string>;
  errors: string[];
  run?: RunResult;
}

export interface JobRecord extends JobResult {
  id: string;
  environment?: string;
  steps: StepRecord[];
  durationMs: number;
}

export interface Reporter {
  jobStarted(job: string, environment: string | undefined): void;
  jobSkipped(job: string, why: string): void;
  stepStarted(job: string, step: string): void;
  stepLine(job: string, step: string, line: string): void;
  stepFinished(record: StepRecord): void;
}

/** A third-party action the run does not execute here, and what it does instead. */
export interface StandIn {
  /** Said for the step instead of its log, e.g. "stood in: the workspace is the checkout". */
  note: string;
  /** Environment the stood-in step exports for later steps (e.g. AWS endpoints). */
  env?: Record<string, string>;
  /** More environment from the step's `with` inputs (e.g. credentials for the role it assumes). */
  envFor?: (inputs: Record<string, string>) => Record<string, string>;
}

/** One of the repository's own actions answered instead of run (e.g. a build with no docker here). */
export interface ActionStandIn {
  note: string;
  outputs: Record<string, string>;
}

export interface WorkflowRun {
  workflow: Workflow;
  call: CallContext;
  repoRoot: string;
  /** owner/repo whose `OWNER/REPO/actions/<name>@ref` steps are this checkout's actions. */
  thisRepository: string;
  workspace: string;
  /** Third-party actions stood in for, by lower-case `owner/name` (no @ref); any other is refused. */
  standIns: Record<string, StandIn>;
  reporter: Reporter;
  /** Per-step limit when the step sets no timeout-minutes. */
  stepTimeoutMs?: number;
  /**
   * The runner machine's own environment variables: every step's process gets them, beneath the
   * workflow's, job's and step's `env:`, and (as on GitHub) they are not in the `env` context.
   */
  runnerEnv?: Record<string, string>;
  /**
   * Cancels the run as GitHub does: the running action gets SIGINT (then SIGTERM, then a kill)
   * and the job status becomes cancelled, so only always()/cancelled() steps run after it.
   */
  cancel?: AbortSignal;
  /** The repository's actions that cannot run here (no docker, no GitHub), by name. */
  actionStandIns?: Record<string, ActionStandIn>;
  /**
   * The repository's actions' inputs as this machine needs them, by action name: given the step's
   * evaluated `with:` and the action's folder, what the action gets (e.g. smoke-test's latency
   * limit widened by what the machine itself adds).
   */
  inputsHere?: Record<string, (inputs: Record<string, string>, actionDir: string) => Record<string, string>>;
  onJobFinished?: (record: JobRecord) => void;
}
