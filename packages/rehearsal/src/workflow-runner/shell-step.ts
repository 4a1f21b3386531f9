// A `run:` step as the runner runs it with the default shell: `bash -e {0}`, with GITHUB_OUTPUT and
// GITHUB_ENV files read afterwards, and secrets masked in what it prints.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFileCommands } from '@shipline/action-harness';
import { redact } from '@shipline/toolkit';

export interface ShellStep {
  script: string;
  env: Record<string, string>;
  workspace: string;
  secrets: string[];
  timeoutMs?: number;
  onLine: (line: string) => void;
}

export interface ShellResult {
  exitCode: number;
  outputs: Record<string, string>;
  env: Record<string, string>;
}

const entries = (file: string) =>
  Object.fromEntries(parseFileCommands(fs.readFileSync(file, 'utf8')).map((e) => [e.name, e.value]));

export async function runShellStep(step: ShellStep): Promise<ShellResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearsal-run-'));
  const files = { GITHUB_OUTPUT: 'output', GITHUB_ENV: 'env', GITHUB_STEP_SUMMARY: 'summary' };
  const fileEnv = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, path.join(dir, f)]));
  for (const file of Object.values(fileEnv)) fs.writeFileSync(file, '');
  const script = path.join(dir, 'step.sh');
  fs.writeFileSync(script, step.script);
  try {
    const exitCode = await new Promise<number>((resolve) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
        cwd: step.workspace,
        env: { PATH: process.env.PATH ?? '', HOME: os.homedir(), ...step.env, ...fileEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: step.timeoutMs,
      });
      let pending = '';
      const onData = (chunk: Buffer) => {
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) step.onLine(redact(line, step.secrets));
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('close', (code) => {
        if (pending) step.onLine(redact(pending, step.secrets));
        resolve(code ?? 1);
      });
    });
    return { exitCode, outputs: entries(fileEnv.GITHUB_OUTPUT!), env: entries(fileEnv.GITHUB_ENV!) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
