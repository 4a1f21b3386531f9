// Which jobs of which workflows run for an event, decided the way GitHub decides it: `on:` branch
// filters (workflow-triggers.ts), then each job's `if:` evaluated by GitHub's own
// expression evaluator (@actions/expressions, through the action harness) after the jobs it needs.
// Calls of this repository's reusable workflows are followed with the inputs the caller passes.
// `run:` steps with an id (their outputs feed job outputs, e.g. a branch guard) are run with bash;
// a failing one fails its job. Steps of actions answer what `answers` says.
import fs from 'node:fs';
import path from 'node:path';
import { evaluateCondition, evaluateTemplate } from '@shipline/action-harness';
import { parse as parseYaml } from 'yaml';
import { parseFileReference } from '@actions/workflow-parser/workflows/file-reference';
import { repoRoot } from '../../scripts/lib/actions.js';
import { isMap, localWorkflowPath, OWN_REPOSITORY, type YamlMap as Map } from './workflow-files.js';
import { SHELL_STEP_NEEDS } from './workflow-permissions.js';
import { runShellSync } from './workflow-shell.js';
import { triggeredBy, type RunEvent } from './workflow-triggers.js';

export type { RunEvent } from './workflow-triggers.js';

export interface JobRun {
  workflow: string;
  /** `job` or, inside a called workflow, `caller/job`. */
  job: string;
  runs: boolean;
  /** success, failure, cancelled (GitHub ended it, see PlanOptions.results) or skipped. */
  result: JobResult;
  environment?: string;
  /** The actions its steps use on the success path (owner/repo/path without the ref). */
  actions: string[];
  /** The id of the step that failed it, if one did. */
  failedStep?: string;
}

function githubContext(event: RunEvent, repository: string): Map {
  const sha = 'a'.repeat(40);
  if (event.name === 'pull_request') {
    return {
      event_name: 'pull_request',
      ref: 'refs/pull/7/merge',
      ref_name: '7/merge',
      base_ref: event.base,
      head_ref: event.head,
      sha,
      repository,
      event: { pull_request: { number: 7, base: { ref: event.base }, head: { ref: event.head } } },
    };
  }
  return {
    event_name: event.name,
    ref: `refs/heads/${event.branch}`,
    ref_name: event.branch,
    base_ref: '',
    head_ref: '',
    sha,
    repository,
    event: {},
  };
}

function needsList(job: Map): string[] {
  return typeof job.needs === 'string' ? [job.needs] : Array.isArray(job.needs) ? job.needs.map(String) : [];
}

/** Jobs in an order that puts every job after the jobs it needs. */
function jobOrder(jobs: Map): string[] {
  const order: string[] = [];
  const visit = (id: string) => {
    if (order.includes(id)) return;
    needsList(jobs[id] as Map).forEach(visit);
    order.push(id);
  };
  Object.keys(jobs).forEach(visit);
  return order;
}

/** The `inputs` context of a called workflow: the values given, else its defaults, typed as declared. */
export function callInputs(called: Map, given: Record<string, string>): Record<string, unknown> {
  const on = isMap(called.on) ? called.on : {};
  const declared = isMap(on.workflow_call) && isMap(on.workflow_call.inputs) ? on.workflow_call.inputs : {};
  return Object.fromEntries(
    Object.entries(declared).map(([name, spec]) => {
      const s = isMap(spec) ? spec : {};
      const raw = given[name] ?? s.default ?? (s.type === 'boolean' ? false : s.type === 'number' ? 0 : '');
      const value =
        s.type === 'boolean' ? raw === true || raw === 'true' : s.type === 'number' ? Number(raw) : raw;
      return [name, value];
    }),
  );
}

/** The `inputs` context of a workflow_dispatch run: given values, else the declared defaults. */
function dispatchInputs(workflow: Map, given: Record<string, string>): Record<string, unknown> {
  const on = isMap(workflow.on) ? workflow.on : {};
  return callInputs(
    { on: { workflow_call: isMap(on.workflow_dispatch) ? on.workflow_dispatch : {} } },
    given,
  );
}

export type JobResult = 'success' | 'failure' | 'cancelled' | 'skipped';

/** What a step of an action answers on the path being evaluated, by action name (e.g. approve-gate). */
export type StepAnswers = Record<string, Record<string, string>>;

/**
 * The success path: approvals are granted, staging verified this commit's image (promote), and no
 * newer commit is deployed (order).
 */
export const APPROVED: StepAnswers = {
  'approve-gate': { status: 'approved' },
  promote: { 'image-ref': `acme/shop@sha256:${'b'.repeat(64)}`, 'run-number': '41' },
  order: { skip: 'false' },
};

interface Scope {
  workflow: string;
  prefix: string;
  github: Map;
  inputs: Record<string, unknown>;
  root: string;
  answers: StepAnswers;
  results: Record<string, 'failure' | 'cancelled'>;
  failing: string[];
  vars: Record<string, string>;
  repository: string;
}

/**
 * The `steps` context after a job ran, and whether a step failed: steps with an id whose `if:`
 * holds, actions and the shell steps that call GitHub (SHELL_STEP_NEEDS) with their answers (a
 * step named in `failing` fails), other `run:` steps run with bash; nothing runs after a failure.
 */
function runSteps(
  job: Map,
  answers: StepAnswers,
  contexts: Map,
  failing: string[],
): { steps: Map; failed: boolean; failedStep?: string } {
  const steps: Map = {};
  for (const s of Array.isArray(job.steps) ? (job.steps as Map[]) : []) {
    if (typeof s.id !== 'string') continue;
    if (!evaluateCondition(s.if === undefined ? '' : String(s.if), { ...contexts, steps }, 'success')) {
      steps[s.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    const callsGitHub = typeof s.run === 'string' && SHELL_STEP_NEEDS.some((n) => n.id === s.id);
    if (typeof s.uses === 'string' || callsGitHub) {
      const name = callsGitHub ? s.id : String(s.uses).split('@')[0]!.split('/').pop()!;
      const outcome = failing.includes(s.id) ? 'failure' : 'success';
      steps[s.id] = { outputs: answers[name] ?? {}, outcome, conclusion: outcome };
      if (outcome === 'failure') return { steps, failed: true, failedStep: s.id };
      continue;
    }
    if (typeof s.run !== 'string') continue;
    const env = Object.fromEntries(
      Object.entries(isMap(s.env) ? s.env : {}).map(([k, v]) => [
        k,
        evaluateTemplate(String(v), { ...contexts, steps }),
      ]),
    );
    const shell = runShellSync(evaluateTemplate(s.run, { ...contexts, steps }), env);
    const outcome = shell.code === 0 ? 'success' : 'failure';
    steps[s.id] = { outputs: shell.outputs, outcome, conclusion: outcome };
    if (shell.code !== 0) return { steps, failed: true, failedStep: s.id };
  }
  return { steps, failed: false };
}

type Results = Record<string, { result: string; outputs: Map }>;

/**
 * A called workflow's result as its caller job sees it: failed or cancelled when a job of it was
 * made to (PlanOptions.results, or a step in PlanOptions.failing). A `run:` step that fails here
 * for want of the application (reusable-ci's lockfile detection) does not count.
 */
function callResult(inner: JobRun[], failing: string[], results: Scope['results']): JobResult {
  const made = inner.filter((r) => results[r.job] !== undefined || r.failedStep !== undefined);
  if (made.some((r) => r.result === 'failure' && (results[r.job] ?? failing.includes(r.failedStep!))))
    return 'failure';
  return made.some((r) => r.result === 'cancelled') ? 'cancelled' : 'success';
}

/** The called workflow's `on.workflow_call.outputs`, from its jobs' outputs. */
function callOutputs(called: Map, jobs: Results): Map {
  const on = isMap(called.on) ? called.on : {};
  const declared = isMap(on.workflow_call) && isMap(on.workflow_call.outputs) ? on.workflow_call.outputs : {};
  return Object.fromEntries(
    Object.entries(declared).map(([k, v]) => [
      k,
      evaluateTemplate(String(isMap(v) ? v.value : ''), { jobs }),
    ]),
  );
}

function planJobs(workflow: Map, scope: Scope): JobRun[] {
  return planWorkflow(workflow, scope).runs;
}

function planWorkflow(workflow: Map, scope: Scope): { runs: JobRun[]; results: Results } {
  const jobs = isMap(workflow.jobs) ? workflow.jobs : {};
  const results: Results = {};
  const runs: JobRun[] = [];
  for (const id of jobOrder(jobs)) {
    const job = jobs[id] as Map;
    const needs = Object.fromEntries(needsList(job).map((n) => [n, results[n]]));
    const status = Object.values(needs).every((n) => n?.result === 'success') ? 'success' : 'failure';
    const contexts = {
      github: scope.github,
      inputs: scope.inputs,
      needs,
      vars: scope.vars,
      secrets: {},
      env: {},
      job: { status },
    };
    const runsJob = evaluateCondition(job.if === undefined ? '' : String(job.if), contexts, status);
    // A forced result: GitHub failed or cancelled the job before its first step, so no step ran.
    const forced = scope.results[`${scope.prefix}${id}`];
    const ran =
      runsJob && forced === undefined ? runSteps(job, scope.answers, contexts, scope.failing) : undefined;
    const outputs = Object.fromEntries(
      Object.entries(isMap(job.outputs) ? job.outputs : {}).map(([k, v]) => [
        k,
        runsJob ? evaluateTemplate(String(v), { ...contexts, steps: ran?.steps ?? {} }) : '',
      ]),
    );
    const result: JobResult = !runsJob ? 'skipped' : (forced ?? (ran!.failed ? 'failure' : 'success'));
    results[id] = { result, outputs };
    const env = isMap(job.environment) ? job.environment.name : job.environment;
    // Steps that run when everything before them succeeds (their `if:` evaluated with the outputs
    // of the steps with an id, e.g. the order check's skip).
    const actions = (Array.isArray(job.steps) ? (job.steps as Map[]) : [])
      .filter((s) => typeof s.uses === 'string')
      .filter((s) =>
        evaluateCondition(
          s.if === undefined ? '' : String(s.if),
          { ...contexts, steps: ran?.steps ?? {} },
          'success',
        ),
      )
      .map((s) => (s.uses as string).split('@')[0]!);
    runs.push({
      workflow: scope.workflow,
      job: `${scope.prefix}${id}`,
      runs: runsJob,
      result,
      environment: runsJob && typeof env === 'string' ? evaluateTemplate(env, contexts) : undefined,
      actions,
      ...(ran?.failedStep ? { failedStep: ran.failedStep } : {}),
    });
    if (typeof job.uses === 'string') {
      const rel = localWorkflowPath(parseFileReference(job.uses), scope.repository);
      if (rel === undefined)
        throw new Error(`${scope.workflow} job ${id} calls ${job.uses}, which is not ours to follow`);
      const called = parseYaml(fs.readFileSync(path.join(scope.root, rel), 'utf8')) as Map;
      const given = Object.fromEntries(
        Object.entries(isMap(job.with) ? job.with : {}).map(([k, v]) => [
          k,
          evaluateTemplate(String(v), contexts),
        ]),
      );
      const { runs: inner, results: innerResults } = planWorkflow(called, {
        ...scope,
        workflow: rel,
        prefix: `${scope.prefix}${id}/`,
        inputs: callInputs(called, given),
      });
      if (runsJob && forced === undefined) {
        results[id] = {
          result: callResult(inner, scope.failing, scope.results),
          outputs: callOutputs(called, innerResults),
        };
        runs[runs.length - 1]!.result = results[id].result as JobResult;
      }
      runs.push(
        ...inner.map((r): JobRun =>
          runsJob ? r : { ...r, runs: false, result: 'skipped', environment: undefined },
        ),
      );
    }
  }
  return { runs, results };
}

export interface PlanOptions {
  /** What approve-gate and friends answer; default: approvals are granted. */
  answers?: StepAnswers;
  /**
   * Jobs (by `job` path, e.g. `deploy-production/deploy`) that GitHub ends before their first step
   * when they would run: a reviewer rejects the deployment, the approval expires, the deployment
   * branch policy refuses the branch (failure), or the run is cancelled while waiting (cancelled).
   */
  results?: Record<string, 'failure' | 'cancelled'>;
  /** Repository variables (`vars`), e.g. DEV_ECS_CLUSTER turning the development deploy on. */
  vars?: Record<string, string>;
  /** Ids of steps that fail when they run (actions and the shell steps that call GitHub). */
  failing?: string[];
  /** The name the workflows call this repository by (installed pipelines: the --owner/--repo given). */
  repository?: string;
  root?: string;
}

/** Every job of every given workflow file that the event triggers, and whether it runs. */
export function planEvent(
  files: { path: string; content: string }[],
  event: RunEvent,
  options: PlanOptions = {},
): JobRun[] {
  return files.flatMap((file) => {
    const workflow = parseYaml(file.content) as Map;
    if (!triggeredBy(workflow, event)) return [];
    // A dispatch runs the one workflow a person chose.
    if (event.name === 'workflow_dispatch' && path.basename(file.path) !== (event.workflow ?? 'hotfix.yml'))
      return [];
    return planJobs(workflow, {
      workflow: file.path,
      prefix: '',
      github: githubContext(event, 'acme/shop'),
      inputs: event.name === 'workflow_dispatch' ? dispatchInputs(workflow, event.inputs ?? {}) : {},
      root: options.root ?? repoRoot,
      answers: options.answers ?? APPROVED,
      results: options.results ?? {},
      failing: options.failing ?? [],
      vars: options.vars ?? {},
      repository: options.repository ?? OWN_REPOSITORY,
    });
  });
}

export interface Outcome {
  /** Workflows in which a CI job (a call of reusable-ci.yml, or its jobs) runs. */
  ci: boolean;
  /** Environments deployed to, each with whether an approval gate runs before it. */
  deploys: { environment: string; approval: boolean }[];
}

/** The strategy table row for one event: does CI run, and what deploys where, behind what. */
export function outcomeOf(runs: JobRun[]): Outcome {
  const running = runs.filter((r) => r.runs);
  const deploys = running
    .filter((r) => r.environment !== undefined && r.actions.some((a) => /\/actions\/deploy-ecs$/.test(a)))
    .map((r) => {
      const caller = r.job.includes('/') ? r.job.slice(0, r.job.lastIndexOf('/') + 1) : '';
      const approval = running.some(
        (o) => o.job.startsWith(caller) && o.actions.some((a) => /\/actions\/approve-gate$/.test(a)),
      );
      return { environment: r.environment as string, approval };
    });
  const ci = running.some((r) => r.workflow.endsWith('reusable-ci.yml'));
  return { ci, deploys };
}
