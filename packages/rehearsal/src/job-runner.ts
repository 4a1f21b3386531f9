// Runs the jobs of a workflow in `needs` order, and each job's steps in order, as the runner would:
// `if:` with the job status, `with:`/`env:` expressions, step outputs and outcomes, GITHUB_ENV
// carried to later steps, job outputs for the jobs that need them.
import { evaluateCondition, runAction, type JobStatus, type RunResult } from '@shipline/action-harness';
import {
  contexts,
  evaluateMap,
  evaluateValue,
  type CallContext,
  type JobResult,
  type Outcome,
  type Scope,
  type StepState,
} from './contexts.js';
import { runShellStep } from './shell-step.js';
import { stepKind } from './step-kinds.js';
import { jobOrder, needsOf, type Workflow, type WorkflowJob, type WorkflowStep } from './workflow-file.js';

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

export async function runWorkflow(run: WorkflowRun): Promise<JobRecord[]> {
  const results: Record<string, JobResult> = {};
  const records: JobRecord[] = [];
  for (const id of jobOrder(run.workflow)) {
    const job = run.workflow.jobs[id] as WorkflowJob;
    const needs = Object.fromEntries(needsOf(job).map((n) => [n, results[n] as JobResult]));
    const record = await runJob(run, id, job, needs);
    results[id] = { result: record.result, outputs: record.outputs };
    records.push(record);
    run.onJobFinished?.(record);
  }
  return records;
}

function needsStatus(needs: Record<string, JobResult>): JobStatus {
  const all = Object.values(needs).map((n) => n.result);
  if (all.includes('cancelled')) return 'cancelled';
  return all.every((r) => r === 'success') ? 'success' : 'failure';
}

async function runJob(
  run: WorkflowRun,
  id: string,
  job: WorkflowJob,
  needs: Record<string, JobResult>,
): Promise<JobRecord> {
  const started = performance.now();
  const workflowEnv = evaluateMap(run.workflow.env, { call: run.call, env: {} });
  const base: Scope = { call: run.call, env: workflowEnv, needs, jobStatus: needsStatus(needs) };
  const condition = job.if === undefined ? '' : String(job.if);
  if (!evaluateCondition(condition, contexts(base), needsStatus(needs))) {
    run.reporter.jobSkipped(id, condition === '' ? 'a job it needs did not succeed' : `if: ${condition}`);
    return { id, result: 'skipped', outputs: {}, steps: [], durationMs: 0 };
  }
  const environment =
    job.environment === undefined
      ? undefined
      : evaluateValue(typeof job.environment === 'string' ? job.environment : job.environment.name, base);
  run.reporter.jobStarted(id, environment);
  const jobEnv = { ...workflowEnv, ...evaluateMap(job.env, base) };
  const exported: Record<string, string> = {};
  const steps: Record<string, StepState> = {};
  const records: StepRecord[] = [];
  let status: JobStatus = 'success';
  for (const [index, step] of (job.steps ?? []).entries()) {
    const scope: Scope = { call: run.call, env: { ...jobEnv, ...exported }, needs, steps, jobStatus: status };
    const record = await runStep(run, id, step, index, scope, exported);
    records.push(record);
    if (step.id)
      steps[step.id] = {
        outputs: record.outputs,
        outcome: record.outcome,
        conclusion: conclusionOf(step, record, scope),
      };
    if (record.outcome === 'failure' && conclusionOf(step, record, scope) === 'failure') status = 'failure';
  }
  const finalScope: Scope = {
    call: run.call,
    env: { ...jobEnv, ...exported },
    needs,
    steps,
    jobStatus: status,
  };
  const outputs = evaluateMap(job.outputs, finalScope);
  return {
    id,
    environment,
    result: status,
    outputs,
    steps: records,
    durationMs: performance.now() - started,
  };
}

function conclusionOf(step: WorkflowStep, record: StepRecord, scope: Scope): Outcome {
  const continueOnError = step['continue-on-error'];
  const tolerated = continueOnError !== undefined && evaluateValue(continueOnError, scope) === 'true';
  return record.outcome === 'failure' && tolerated ? 'success' : record.outcome;
}

function stepName(step: WorkflowStep, index: number, scope: Scope): string {
  if (step.name) return evaluateValue(step.name, scope);
  if (step.uses) return step.uses;
  return `Run ${(step.run ?? '').trim().split('\n')[0] ?? `step ${index + 1}`}`;
}

async function runStep(
  run: WorkflowRun,
  job: string,
  step: WorkflowStep,
  index: number,
  scope: Scope,
  exported: Record<string, string>,
): Promise<StepRecord> {
  const name = stepName(step, index, scope);
  const base = { job, step: name, id: step.id, outputs: {}, errors: [] as string[] };
  const condition = step.if === undefined ? '' : String(step.if);
  if (!evaluateCondition(condition, contexts(scope), scope.jobStatus ?? 'success')) {
    const record: StepRecord = {
      ...base,
      kind: 'skipped',
      outcome: 'skipped',
      durationMs: 0,
      note: condition ? `if: ${condition}` : 'an earlier step failed',
    };
    run.reporter.stepFinished(record);
    return record;
  }
  run.reporter.stepStarted(job, name);
  const kind = stepKind(step, run.repoRoot, run.thisRepository);
  const started = performance.now();
  const env = evaluateMap(step.env, scope);
  let record: StepRecord;
  if (kind.kind === 'stand-in') {
    Object.assign(exported, run.standInEnv[kind.action] ?? {});
    record = { ...base, kind: 'stand-in', outcome: 'success', durationMs: 0, note: kind.note };
  } else if (kind.kind === 'run') {
    const shell = await runShellStep({
      script: evaluateValue(step.run as string, scope),
      env: { ...scope.env, ...env },
      workspace: run.workspace,
      secrets: Object.values(run.call.secrets),
      timeoutMs: timeoutOf(step, run),
      onLine: (line) => run.reporter.stepLine(job, name, line),
    });
    Object.assign(exported, shell.env);
    record = {
      ...base,
      kind: 'run',
      outcome: shell.exitCode === 0 ? 'success' : 'failure',
      durationMs: 0,
      outputs: shell.outputs,
      errors: shell.exitCode === 0 ? [] : [`exit code ${shell.exitCode}`],
    };
  } else if (run.actionStandIns?.[kind.name]) {
    const standIn = run.actionStandIns[kind.name]!;
    record = {
      ...base,
      kind: 'stand-in',
      outcome: 'success',
      durationMs: 0,
      note: standIn.note,
      outputs: standIn.outputs,
    };
  } else {
    const inputs = evaluateMap(step.with, scope);
    const result = await runAction({
      actionDir: kind.actionDir,
      inputs,
      env,
      jobEnv: scope.env,
      secrets: Object.values(run.call.secrets).filter((s) => s !== ''),
      context: run.call.github,
      workspace: run.workspace,
      stepId: step.id,
      timeoutMs: timeoutOf(step, run),
      onLine: (_stage, _stream, line) => run.reporter.stepLine(job, name, line),
    });
    Object.assign(exported, result.env);
    const outcome: Outcome =
      result.conclusion === 'success'
        ? 'success'
        : result.conclusion === 'cancelled'
          ? 'cancelled'
          : 'failure';
    record = {
      ...base,
      kind: 'action',
      outcome,
      durationMs: 0,
      inputs,
      outputs: result.outputs,
      errors: result.errors,
      run: result,
    };
  }
  record.durationMs = performance.now() - started;
  run.reporter.stepFinished(record);
  return record;
}

function timeoutOf(step: WorkflowStep, run: WorkflowRun): number | undefined {
  return step['timeout-minutes'] !== undefined ? step['timeout-minutes'] * 60_000 : run.stepTimeoutMs;
}
