// The expression contexts a step sees (github, inputs, secrets, vars, env, needs, steps, job, runner),
// built from the call (event, inputs, secrets, vars) and the state of the job so far.
import { evaluateTemplate, type JobStatus, type RunContext } from '@shipline/action-harness';
import type { Scalar } from './workflow-file.js';

export type Outcome = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface StepState {
  outputs: Record<string, string>;
  outcome: Outcome;
  conclusion: Outcome;
}

export interface JobResult {
  result: Outcome;
  outputs: Record<string, string>;
}

export interface CallContext {
  /** What the run looks like to GitHub: repository, ref, sha, actor, event. */
  github: RunContext;
  inputs: Record<string, Scalar>;
  secrets: Record<string, string>;
  vars: Record<string, string>;
}

export function githubContext(run: RunContext): Record<string, unknown> {
  const repository = run.repository ?? 'acme/shop';
  const ref = run.ref ?? 'refs/heads/main';
  return {
    repository,
    repository_owner: repository.split('/')[0],
    ref,
    ref_name: ref.replace(/^refs\/(heads|tags)\//, ''),
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    sha: run.sha ?? '',
    actor: run.actor ?? 'octocat',
    triggering_actor: run.actor ?? 'octocat',
    event_name: run.eventName ?? 'push',
    event: run.event ?? {},
    run_id: String(run.runId ?? '1'),
    run_number: String(run.runNumber ?? '1'),
    run_attempt: String(run.runAttempt ?? '1'),
    server_url: run.serverUrl ?? 'https://github.com',
    api_url: run.apiUrl ?? 'https://api.github.com',
    workflow: run.workflow ?? 'deploy',
    head_ref: run.headRef ?? '',
    base_ref: run.baseRef ?? '',
    token: '***',
  };
}

export interface Scope {
  call: CallContext;
  env: Record<string, string>;
  needs?: Record<string, JobResult>;
  steps?: Record<string, StepState>;
  jobStatus?: JobStatus;
}

export function contexts(scope: Scope): Record<string, unknown> {
  return {
    github: githubContext(scope.call.github),
    inputs: scope.call.inputs,
    secrets: scope.call.secrets,
    vars: scope.call.vars,
    env: scope.env,
    needs: scope.needs ?? {},
    steps: scope.steps ?? {},
    job: { status: scope.jobStatus ?? 'success' },
    runner: { os: 'Linux', arch: 'X64', name: 'rehearsal', temp: '/tmp' },
    strategy: {},
    matrix: {},
  };
}

/** A `with:`/`env:` value: strings may hold `${{ }}`; numbers and booleans become strings as YAML scalars do. */
export function evaluateValue(value: Scalar, scope: Scope): string {
  return typeof value === 'string'
    ? evaluateTemplate(value, contexts(scope), scope.jobStatus ?? 'success')
    : String(value);
}

export function evaluateMap(
  values: Record<string, Scalar> | undefined,
  scope: Scope,
): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, evaluateValue(v, scope)]));
}
