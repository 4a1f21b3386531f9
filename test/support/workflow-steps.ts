// Runs one step of a workflow file here, as the runner would: `env:` and `with:` evaluated with
// GitHub's evaluator against given contexts, a `run:` through `bash --noprofile --norc -eo pipefail`
// (GitHub's bash, workflow-shell.ts), a `uses: ./actions/<name>` through the action harness on its bundled dist.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateTemplate, runAction, type RunResult } from '@shipline/action-harness';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../../scripts/lib/actions.js';
import { BASH_ARGS, stepFiles } from './workflow-shell.js';

type Map = Record<string, unknown>;

export interface Step {
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
  env?: Map;
  with?: Map;
}

export function jobSteps(workflowPath: string, job: string): Step[] {
  const workflow = parseYaml(fs.readFileSync(path.join(repoRoot, workflowPath), 'utf8')) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  return workflow.jobs[job]!.steps;
}

export function findStep(steps: Step[], key: string): Step {
  const step = steps.find((s) => s.id === key || s.name === key);
  if (!step) throw new Error(`no step '${key}' among ${steps.map((s) => s.id ?? s.name).join(', ')}`);
  return step;
}

const evaluateMap = (values: Map | undefined, contexts: Map) =>
  Object.fromEntries(
    Object.entries(values ?? {}).map(([k, v]) => [k, evaluateTemplate(String(v), contexts)]),
  );

export interface ShellResult {
  code: number;
  output: string;
  /** name=value lines the step wrote to $GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  summary: string;
}

/** Runs a `run:` step with its evaluated `env:` in `cwd`, with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
export async function runShell(
  step: Step,
  contexts: Map,
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<ShellResult> {
  const files = stepFiles();
  const script = evaluateTemplate(step.run ?? '', contexts);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: os.homedir(),
    ...files.env,
    ...extraEnv,
    ...evaluateMap(step.env, contexts),
  };
  const child = spawn('bash', [...BASH_ARGS, script], { cwd, env });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  return { code, output, ...files.collect() };
}

/** Runs a `uses: ./actions/<name>` step through the harness with its `with:` evaluated. */
export async function runActionStep(step: Step, contexts: Map): Promise<RunResult> {
  const m = /^\.\/actions\/([a-z0-9-]+)\/?$/.exec(step.uses ?? '');
  if (!m) throw new Error(`step ${step.id ?? step.name} does not use a local action: ${step.uses}`);
  return runAction({
    actionDir: path.join(repoRoot, 'actions', m[1]!),
    inputs: evaluateMap(step.with, contexts),
    stepId: step.id,
  });
}
