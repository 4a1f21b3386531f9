// A `run:` step through GitHub's bash (`bash --noprofile --norc -eo pipefail`), with the files the
// runner gives a step: GITHUB_OUTPUT (name=value lines become the step's outputs) and
// GITHUB_STEP_SUMMARY. Synchronous, for the planner that decides which jobs run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BASH_ARGS = ['--noprofile', '--norc', '-eo', 'pipefail', '-c'];

export interface StepFiles {
  env: Record<string, string>;
  /** The outputs and the summary the step wrote; removes the files. */
  collect(): { outputs: Record<string, string>; summary: string };
}

/**
 * Fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files for one step, and RUNNER_TEMP, the job's
 * scratch folder the runner empties after the job (here: with the step's files). TMPDIR is the test
 * run's own, so what the tools a step runs leave behind goes with the run.
 */
export function stepFiles(): StepFiles {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-'));
  const output = path.join(dir, 'output');
  const summary = path.join(dir, 'summary');
  const runnerTemp = path.join(dir, 'runner-temp');
  fs.writeFileSync(output, '');
  fs.writeFileSync(summary, '');
  fs.mkdirSync(runnerTemp);
  return {
    env: {
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: runnerTemp,
      TMPDIR: os.tmpdir(),
    },
    collect: () => {
      const outputs = Object.fromEntries(
        fs
          .readFileSync(output, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      const text = fs.readFileSync(summary, 'utf8');
      fs.rmSync(dir, { recursive: true, force: true });
      return { outputs, summary: text };
    },
  };
}

export interface SyncShellResult {
  code: number;
  output: string;
  outputs: Record<string, string>;
}

/** Runs a script as a `run:` step with the given (already evaluated) environment. */
export function runShellSync(script: string, env: Record<string, string>): SyncShellResult {
  const files = stepFiles();
  const child = spawnSync('bash', [...BASH_ARGS, script], {
    env: { PATH: process.env.PATH ?? '', HOME: os.homedir(), ...files.env, ...env },
    encoding: 'utf8',
  });
  const { outputs } = files.collect();
  return { code: child.status ?? 1, output: `${child.stdout}${child.stderr}`, outputs };
}
