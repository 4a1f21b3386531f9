// Reads a workflow file into the shape the job runner needs, refusing what this runner cannot run
// faithfully (matrices, reusable-workflow jobs, containers) instead of silently skipping it.
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';

export type Scalar = string | number | boolean;

export interface WorkflowStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, Scalar>;
  env?: Record<string, Scalar>;
  if?: Scalar;
  'continue-on-error'?: Scalar;
  'timeout-minutes'?: number;
  'working-directory'?: string;
}

export interface WorkflowJob {
  name?: string;
  needs?: string | string[];
  if?: Scalar;
  environment?: string | { name: string; url?: string };
  env?: Record<string, Scalar>;
  outputs?: Record<string, string>;
  steps?: WorkflowStep[];
  'timeout-minutes'?: number;
}

export interface CallInput {
  type?: 'string' | 'boolean' | 'number';
  required?: boolean;
  default?: Scalar;
  description?: string;
}

export interface Workflow {
  file: string;
  name: string;
  env: Record<string, Scalar>;
  inputs: Record<string, CallInput>;
  secrets: Record<string, { required?: boolean }>;
  jobs: Record<string, WorkflowJob>;
}

const UNSUPPORTED_JOB_KEYS = ['strategy', 'container', 'services', 'uses'] as const;

export class WorkflowError extends Error {}

export function loadWorkflow(file: string): Workflow {
  const raw = parseYaml(fs.readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object') throw new WorkflowError(`${file} is not a workflow`);
  // YAML 1.1 readers turn `on` into true; the yaml package (1.2) keeps it as "on".
  const on = (raw.on ?? raw.true) as Record<string, unknown> | undefined;
  // A workflow run by hand declares its inputs as a called one does (same keys; choice is a string).
  const call = (on?.workflow_call ?? on?.workflow_dispatch ?? {}) as Record<string, unknown>;
  const jobs = (raw.jobs ?? {}) as Record<string, WorkflowJob & Record<string, unknown>>;
  for (const [id, job] of Object.entries(jobs)) {
    for (const key of UNSUPPORTED_JOB_KEYS) {
      if (job[key] !== undefined)
        throw new WorkflowError(`job '${id}' uses '${key}', which the rehearsal does not run`);
    }
  }
  return {
    file,
    name: String(raw.name ?? file),
    env: (raw.env ?? {}) as Record<string, Scalar>,
    inputs: (call.inputs ?? {}) as Record<string, CallInput>,
    secrets: (call.secrets ?? {}) as Record<string, { required?: boolean }>,
    jobs,
  };
}

export function needsOf(job: WorkflowJob): string[] {
  if (job.needs === undefined) return [];
  return Array.isArray(job.needs) ? job.needs : [job.needs];
}

/** Job ids in an order that runs every job after the jobs it needs (file order otherwise). */
export function jobOrder(workflow: Workflow): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string, from?: string): void => {
    if (order.includes(id)) return;
    const job = workflow.jobs[id];
    if (!job) throw new WorkflowError(`job '${from}' needs '${id}', which does not exist`);
    if (visiting.has(id)) throw new WorkflowError(`jobs '${id}' and '${from}' need each other`);
    visiting.add(id);
    for (const need of needsOf(job)) visit(need, id);
    visiting.delete(id);
    order.push(id);
  };
  for (const id of Object.keys(workflow.jobs)) visit(id);
  return order;
}

/** The `inputs` context of a call: given values, else defaults, typed as the workflow declares. */
export function callInputs(workflow: Workflow, given: Record<string, Scalar>): Record<string, Scalar> {
  const values: Record<string, Scalar> = {};
  for (const [name, spec] of Object.entries(workflow.inputs)) {
    const value = given[name] ?? spec.default;
    if (value === undefined) {
      if (spec.required) throw new WorkflowError(`the call does not give the required input '${name}'`);
      values[name] = spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : '';
      continue;
    }
    values[name] =
      spec.type === 'boolean'
        ? value === true || value === 'true'
        : spec.type === 'number'
          ? Number(value)
          : value;
  }
  const unknown = Object.keys(given).filter((name) => !(name in workflow.inputs));
  if (unknown.length > 0)
    throw new WorkflowError(
      `the workflow has no input(s) ${unknown.join(', ')}; it declares ${Object.keys(workflow.inputs).join(', ')}`,
    );
  return values;
}
