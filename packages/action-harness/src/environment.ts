// The `github` and `runner` contexts and the process environment a node action step gets from the runner.

import crypto from 'node:crypto';
import path from 'node:path';
import type { RunActionOptions, RunContext } from './types.js';

export interface RunPaths {
  workspace: string;
  runnerTemp: string;
  toolCache: string;
  eventPath: string;
  actionPath: string;
}

/** Per-stage environment files (fresh for every stage, as the runner creates them per step). */
export interface StageFiles {
  output: string;
  state: string;
  env: string;
  path: string;
  step_summary: string;
}

function randomToken(): string {
  return `ghs_${crypto.randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
}

function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags|pull)\//, '');
}

/** The `github` context (without the per-stage file paths) from the caller's overrides and defaults. */
export function githubContext(context: RunContext, paths: RunPaths, stepId: string): Record<string, unknown> {
  const repository = context.repository ?? 'octo-org/octo-repo';
  const ref = context.ref ?? 'refs/heads/main';
  const serverUrl = context.serverUrl ?? 'https://github.com';
  const actor = context.actor ?? 'octocat';
  return {
    token: context.token ?? randomToken(),
    job: context.job ?? 'test',
    ref,
    ref_name: refName(ref),
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    ref_protected: 'false',
    sha: context.sha ?? 'ffac537e6cbbf934b08745a378932722df287a53',
    repository,
    repository_owner: repository.split('/')[0] ?? '',
    repository_id: '123456789',
    repository_owner_id: '9919',
    actor_id: '583231',
    repositoryUrl: `git://${new URL(serverUrl).host}/${repository}.git`,
    run_id: String(context.runId ?? '1658821493'),
    run_number: String(context.runNumber ?? '1'),
    run_attempt: String(context.runAttempt ?? '1'),
    retention_days: '90',
    actor,
    triggering_actor: actor,
    workflow: context.workflow ?? 'CI',
    workflow_ref: `${repository}/.github/workflows/ci.yml@${ref}`,
    workflow_sha: context.sha ?? 'ffac537e6cbbf934b08745a378932722df287a53',
    head_ref: context.headRef ?? '',
    base_ref: context.baseRef ?? '',
    event_name: context.eventName ?? 'push',
    event: context.event ?? {},
    event_path: paths.eventPath,
    server_url: serverUrl,
    api_url: context.apiUrl ?? 'https://api.github.com',
    graphql_url: context.graphqlUrl ?? 'https://api.github.com/graphql',
    workspace: paths.workspace,
    action: stepId,
    action_path: paths.actionPath,
  };
}

export function runnerContext(context: RunContext, paths: RunPaths, debug: boolean): Record<string, string> {
  return {
    os: context.runnerOs ?? 'Linux',
    arch: context.runnerArch ?? 'X64',
    name: context.runnerName ?? 'GitHub Actions 1',
    environment: 'github-hosted',
    temp: paths.runnerTemp,
    tool_cache: paths.toolCache,
    workspace: path.dirname(paths.workspace),
    ...(debug ? { debug: '1' } : {}),
  };
}

// The github context keys the runner exports as GITHUB_<KEY>.
const GITHUB_ENV_KEYS = [
  'action',
  'action_path',
  'actor',
  'actor_id',
  'api_url',
  'base_ref',
  'event_name',
  'event_path',
  'graphql_url',
  'head_ref',
  'job',
  'ref',
  'ref_name',
  'ref_protected',
  'ref_type',
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
  'retention_days',
  'run_attempt',
  'run_id',
  'run_number',
  'server_url',
  'sha',
  'triggering_actor',
  'workflow',
  'workflow_ref',
  'workflow_sha',
  'workspace',
];

/** GITHUB_*, RUNNER_* and CI variables; applied last, so GITHUB_ENV cannot override them. */
export function runtimeEnv(
  github: Record<string, unknown>,
  runner: Record<string, string>,
  files: StageFiles,
): Record<string, string> {
  const env: Record<string, string> = { CI: 'true', GITHUB_ACTIONS: 'true' };
  for (const key of GITHUB_ENV_KEYS) env[`GITHUB_${key.toUpperCase()}`] = String(github[key] ?? '');
  for (const [key, file] of Object.entries(files)) env[`GITHUB_${key.toUpperCase()}`] = file;
  for (const [key, value] of Object.entries(runner)) env[`RUNNER_${key.toUpperCase()}`] = value;
  return env;
}

const HERMETIC_KEYS = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SYSTEMROOT'];

/** The runner process's own environment, which every step inherits: hermetic unless asked otherwise. */
export function hostEnv(options: Pick<RunActionOptions, 'inheritEnv'>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && (options.inheritEnv || HERMETIC_KEYS.includes(key))) env[key] = value;
  }
  return env;
}

/** PATH with GITHUB_PATH entries in front, last added first. */
export function prependPath(added: string[], originalPath: string | undefined): string {
  if (added.length === 0) return originalPath ?? '';
  const front = [...added].reverse().join(path.delimiter);
  return originalPath ? `${front}${path.delimiter}${originalPath}` : front;
}
