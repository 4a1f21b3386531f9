// What running a workflow produces and reports: records of steps and jobs, the reporter interface,
// and the description of one run.
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

export interface WorkflowRun {
  workflow: Workflow;
  call: CallContext;
  repoRoot: string;
  /** owner/repo whose `OWNER/REPO/actions/<name>@ref` steps are this checkout's actions. */
  thisRepository: string;
  workspace: string;
  /** Environment a stand-in exports for later steps, by action (e.g. AWS endpoints). */
  standInEnv: Record<string, Record<string, string>>;
  reporter: Reporter;
  /** Per-step limit when the step sets no timeout-minutes. */
  stepTimeoutMs?: number;
  /** Our actions that cannot run here (no docker, no GitHub), by name: what is said and output instead. */
  actionStandIns?: Record<string, { note: string; outputs: Record<string, string> }>;
  onJobFinished?: (record: JobRecord) => void;
}
