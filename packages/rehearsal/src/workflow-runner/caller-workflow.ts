// The calling side of a reusable workflow: in a caller's workflow file, the one job that calls it and
// runs for this event (its `if:` evaluated with GitHub's evaluator), with the `with:` and `secrets:`
// it passes, so the called workflow is run exactly as that caller would run it.
import fs from 'node:fs';
import path from 'node:path';
import { evaluateCondition } from '@shipline/action-harness';
import { parse as parseYaml } from 'yaml';
import { contexts, evaluateMap, type CallContext, type Scope } from './contexts.js';
import type { Scalar } from './workflow-file.js';

interface CallerJob {
  name?: string;
  needs?: string | string[];
  if?: Scalar;
  uses?: string;
  with?: Record<string, Scalar>;
  secrets?: Record<string, Scalar> | 'inherit';
}

export interface ResolvedCall {
  /** The caller's file name, e.g. cd.yml. */
  caller: string;
  job: string;
  /** The called workflow, e.g. shipline/shipline/.github/workflows/reusable-deploy.yml@v1. */
  uses: string;
  /** Jobs it needs; only the called workflow is run, so these are the caller's to stand in for. */
  needs: string[];
  inputs: Record<string, string>;
  secrets: Record<string, string>;
}

function callingJobs(file: string, workflowName: string): [string, CallerJob][] {
  const workflow = parseYaml(fs.readFileSync(file, 'utf8')) as { jobs?: Record<string, CallerJob> };
  return Object.entries(workflow.jobs ?? {}).filter(([, job]) =>
    job.uses?.split('@')[0]?.endsWith(`/.github/workflows/${workflowName}`),
  );
}

/** The ids of the jobs of `file` that call `workflowName`, in file order (a job after those it needs). */
export const callingJobIds = (file: string, workflowName: string): string[] =>
  callingJobs(file, workflowName).map(([id]) => id);

/**
 * The one job of `file` that calls `workflowName` and runs for this event; throws when none or
 * several would, since then the caller does not do what the run assumes. With `only`, that job
 * alone, its `if:` evaluated with the results of the jobs it needs: undefined when it does not run.
 */
export function resolveCall(
  file: string,
  workflowName: string,
  run: Omit<CallContext, 'inputs'>,
): ResolvedCall;
export function resolveCall(
  file: string,
  workflowName: string,
  run: Omit<CallContext, 'inputs'>,
  only: { job: string; needs: Scope['needs'] },
): ResolvedCall | undefined;
export function resolveCall(
  file: string,
  workflowName: string,
  run: Omit<CallContext, 'inputs'>,
  only?: { job: string; needs: Scope['needs'] },
): ResolvedCall | undefined {
  const scope: Scope = { call: { ...run, inputs: {} }, env: {}, needs: only?.needs ?? {} };
  const calling = callingJobs(file, workflowName).filter(([id]) => !only || id === only.job);
  const running = calling.filter(([, job]) =>
    evaluateCondition(job.if === undefined ? '' : String(job.if), contexts(scope), 'success'),
  );
  const ref = run.github.ref ?? '';
  if (only && running.length === 0) return undefined;
  if (running.length !== 1) {
    const names = running.map(([id]) => id).join(', ') || 'none';
    throw new Error(
      `${file}: for ${run.github.eventName} to ${ref}, ${names} of its jobs call ${workflowName}`,
    );
  }
  const [id, job] = running[0]!;
  const secrets =
    job.secrets === 'inherit'
      ? { ...run.secrets }
      : evaluateMap(job.secrets as Record<string, Scalar>, scope);
  const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
  return {
    caller: path.basename(file),
    job: id,
    uses: job.uses as string,
    needs,
    inputs: evaluateMap(job.with, scope),
    secrets,
  };
}
