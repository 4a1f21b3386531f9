// Runs the jobs of a workflow in `needs` order, and each job's steps in order, as the runner would:
// `if:` with the job status, `with:`/`env:` expressions, step outputs and outcomes, GITHUB_ENV
// carried to later steps, job outputs for the jobs that need them.
import { evaluateCondition, type JobStatus } from '@shipline/action-harness';
import {
  contexts,
  evaluateMap,
  evaluateValue,
  type JobResult,
  type Scope,
  type StepState,
} from './contexts.js';
import type { JobRecord, StepRecord, WorkflowRun } from './run-types.js';
import { conclusionOf, runStep } from './step-runner.js';
import { jobOrder, needsOf, type WorkflowJob } from './workflow-file.js';

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
    // Cancelled (run.cancel): from here on only steps whose if: holds for a cancelled job run.
    if (run.cancel?.aborted) status = 'cancelled';
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
