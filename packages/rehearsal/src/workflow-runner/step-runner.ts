// One step as the runner runs it: its `if:` with the job status, then one of the repository's
// actions through the harness, a stand-in, or a `run:` script; outputs and outcome recorded.
import { evaluateCondition, runAction } from '@shipline/action-harness';
import { contexts, evaluateMap, evaluateValue, type Outcome, type Scope } from './contexts.js';
import type { StepRecord, WorkflowRun } from './run-types.js';
import { runShellStep } from './shell-step.js';
import { stepKind } from './step-kinds.js';
import type { WorkflowStep } from './workflow-file.js';

export function conclusionOf(step: WorkflowStep, record: StepRecord, scope: Scope): Outcome {
  const continueOnError = step['continue-on-error'];
  const tolerated = continueOnError !== undefined && evaluateValue(continueOnError, scope) === 'true';
  return record.outcome === 'failure' && tolerated ? 'success' : record.outcome;
}

function stepName(step: WorkflowStep, index: number, scope: Scope): string {
  if (step.name) return evaluateValue(step.name, scope);
  if (step.uses) return step.uses;
  return `Run ${(step.run ?? '').trim().split('\n')[0] ?? `step ${index + 1}`}`;
}

export async function runStep(
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
  const kind = stepKind(step, run);
  const started = performance.now();
  const env = evaluateMap(step.env, scope);
  let record: StepRecord;
  if (kind.kind === 'stand-in') {
    Object.assign(exported, kind.env, kind.envFor?.(evaluateMap(step.with, scope)));
    record = { ...base, kind: 'stand-in', outcome: 'success', durationMs: 0, note: kind.note };
  } else if (kind.kind === 'run') {
    const shell = await runShellStep({
      script: evaluateValue(step.run as string, scope),
      env: { ...run.runnerEnv, ...scope.env, ...env },
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
    const given = evaluateMap(step.with, scope);
    const inputs = run.inputsHere?.[kind.name]?.(given, kind.actionDir) ?? given;
    const result = await runAction({
      actionDir: kind.actionDir,
      inputs,
      env,
      jobEnv: { ...run.runnerEnv, ...scope.env },
      secrets: Object.values(run.call.secrets).filter((s) => s !== ''),
      context: run.call.github,
      workspace: run.workspace,
      stepId: step.id,
      timeoutMs: timeoutOf(step, run),
      ...(run.cancel && !run.cancel.aborted ? { signal: run.cancel } : {}),
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
