// One stage (pre, main or post) as one runner step: fresh environment files, the node process, its output
// through the command processor, then the environment files read back.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CommandProcessor } from './command-processor.js';
import { hostEnv, prependPath, runtimeEnv, type StageFiles } from './environment.js';
import {
  FileCommandError,
  parseFileCommands,
  parsePathFile,
  SUMMARY_SIZE_LIMIT,
  summarySizeError,
  type FileCommandEntry,
} from './file-commands.js';
import { inputEnvName } from './inputs.js';
import type { ShownLine } from './leaks.js';
import type { SecretMasker } from './masker.js';
import { runNodeProcess, type KillDelays } from './process.js';
import type { RunActionOptions, Stage, StageResult, Stream } from './types.js';

/** What carries over between the stages of one run, like the runner's job-level state. */
export interface JobState {
  masker: SecretMasker;
  env: Record<string, string>;
  /** GITHUB_PATH entries in the order added (the last added goes first in PATH). */
  path: string[];
  state: Record<string, string>;
  lines: ShownLine[];
}

export interface StageSetup {
  stage: Stage;
  script: string;
  displayName: string;
  options: RunActionOptions;
  inputs: Record<string, string>;
  runnerWarnings: string[];
  github: Record<string, unknown>;
  runner: Record<string, string>;
  fileCommandDir: string;
  cancel: AbortSignal;
  killDelays: KillDelays;
}

export interface StageOutcome {
  result: StageResult;
  errors: string[];
  warnings: string[];
  /** Raw values the stage stored, for the leak check. */
  stored: { outputs: Record<string, string>; state: Record<string, string>; env: Record<string, string> };
  rawSummary: string;
}

function createFiles(dir: string): StageFiles {
  const suffix = crypto.randomUUID();
  const file = (prefix: string) => {
    const name = path.join(dir, `${prefix}${suffix}`);
    fs.writeFileSync(name, '');
    return name;
  };
  return {
    path: file('add_path_'),
    env: file('set_env_'),
    step_summary: file('step_summary_'),
    state: file('save_state_'),
    output: file('set_output_'),
  };
}

/** An action may delete its file; the runner then reads nothing from it. */
function readIfExists(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

function header(setup: StageSetup, p: CommandProcessor): void {
  if (setup.stage === 'post') return p.print('Post job cleanup.');
  p.print(`##[group]Run ${setup.displayName}`);
  const given = Object.entries(setup.inputs).filter(([, value]) => value !== '');
  if (given.length > 0) p.print(['with:', ...given.map(([key, value]) => `  ${key}: ${value}`)].join('\n'));
  const env = Object.entries({ ...setup.options.jobEnv, ...setup.options.env });
  if (env.length > 0) p.print(['env:', ...env.map(([key, value]) => `  ${key}: ${value}`)].join('\n'));
  p.print('##[endgroup]');
}

/** The `env` context: job env, then GITHUB_ENV of earlier steps, then the step's own env (which wins). */
export function envContext(options: RunActionOptions, job: Pick<JobState, 'env'>): Record<string, string> {
  return { ...options.jobEnv, ...job.env, ...options.env };
}

function childEnv(setup: StageSetup, job: JobState, files: StageFiles): Record<string, string> {
  const base = { ...hostEnv(setup.options), ...envContext(setup.options, job) };
  const env: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(job.state)) env[`STATE_${key}`] = value;
  for (const [key, value] of Object.entries(setup.inputs)) env[inputEnvName(key)] = value;
  if (job.path.length > 0) env.PATH = prependPath(job.path, base.PATH);
  return { ...env, ...runtimeEnv(setup.github, setup.runner, files) };
}

export async function runStage(setup: StageSetup, job: JobState): Promise<StageOutcome> {
  const { stage, options } = setup;
  const allow = (name: string) => (envContext(options, job)[name] ?? '').toLowerCase() === 'true';
  const counts = { stdout: 0, stderr: 0 };
  let current = { stream: 'stdout' as Stream, line: 0 };
  const processor = new CommandProcessor({
    stage,
    masker: job.masker,
    debug: options.debug ?? false,
    allowUnsecureCommands: allow('ACTIONS_ALLOW_UNSECURE_COMMANDS'),
    allowUnsecureStopTokens: allow('ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS'),
    onShown: (shown) => job.lines.push({ stage, ...current, shown }),
  });
  header(setup, processor);
  setup.runnerWarnings.forEach((warning) => processor.runnerWarning(warning));
  const files = createFiles(setup.fileCommandDir);
  const proc = await runNodeProcess({
    nodePath: options.nodePath ?? process.execPath,
    script: setup.script,
    cwd: String(setup.github.workspace),
    env: childEnv(setup, job, files),
    cancel: setup.cancel,
    timeoutMs: options.timeoutMs,
    killDelays: setup.killDelays,
    onLine: (stream, text) => {
      current = { stream, line: ++counts[stream] };
      processor.line(text);
      options.onLine?.(stage, stream, job.masker.mask(text));
    },
  });
  if (proc.cancelled) processor.runnerError('The operation was canceled.');
  if (proc.timedOut) {
    processor.runnerError(`The action '${setup.displayName}' has timed out after ${options.timeoutMs} ms.`);
  }

  // Read back in the runner's order; a malformed file fails the step after applying what came before.
  let fileCommandFailed = false;
  const readEntries = (kind: string, file: string, apply: (entry: FileCommandEntry) => void) => {
    try {
      parseFileCommands(readIfExists(file)).forEach(apply);
    } catch (error) {
      if (error instanceof FileCommandError) error.entries.forEach(apply);
      processor.runnerError(`Unable to process file command '${kind}' successfully.`);
      processor.runnerError((error as Error).message);
      fileCommandFailed = true;
    }
  };
  const added = [...processor.path, ...parsePathFile(readIfExists(files.path))];
  for (const entry of added)
    job.path.splice(0, job.path.length, ...job.path.filter((p) => p !== entry), entry);
  const storedEnv: Record<string, string> = { ...processor.env };
  readEntries('env', files.env, ({ name, value }) => {
    if (name.toUpperCase() === 'NODE_OPTIONS') {
      return processor.runnerError("Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
    }
    storedEnv[name] = value;
  });
  Object.assign(job.env, storedEnv);
  let rawSummary = readIfExists(files.step_summary);
  const summaryBytes = fs.existsSync(files.step_summary) ? fs.statSync(files.step_summary).size : 0;
  // The runner reports an error annotation and uploads nothing; the step does not fail.
  const summaryRefused = summaryBytes > SUMMARY_SIZE_LIMIT;
  if (summaryRefused) {
    processor.runnerError(summarySizeError(summaryBytes));
    rawSummary = '';
  }
  const storedState: Record<string, string> = { ...processor.state };
  readEntries('state', files.state, ({ name, value }) => (storedState[name] = value));
  Object.assign(job.state, storedState);
  const outputs: Record<string, string> = { ...processor.outputs };
  readEntries('output', files.output, ({ name, value }) => (outputs[name] = value));

  const failed = proc.timedOut || proc.exitCode !== 0 || processor.failed || fileCommandFailed;
  const result: StageResult = {
    stage,
    conclusion: proc.cancelled ? 'cancelled' : failed ? 'failure' : 'success',
    exitCode: proc.exitCode,
    signal: proc.signal,
    durationMs: proc.durationMs,
    stdout: proc.stdout,
    stderr: proc.stderr,
    log: processor.log.join('\n'),
    outputs,
    // The runner re-writes the summary line by line (any line ending), masking each line.
    summary: rawSummary
      .split(/\r\n|\r|\n/)
      .map((line) => job.masker.mask(line))
      .join('\n'),
    summaryRefused,
    commands: processor.commands,
    cancelled: proc.cancelled,
    timedOut: proc.timedOut,
    signalsSent: proc.signalsSent,
  };
  return {
    result,
    errors: processor.errors,
    warnings: processor.warnings,
    stored: { outputs, state: storedState, env: storedEnv },
    rawSummary,
  };
}
