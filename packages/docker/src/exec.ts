// Runs the docker CLI: arguments as an array (no shell), secrets on stdin only, output captured and
// optionally streamed to the step log with workflow commands switched off, stopped on cancellation.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { abortReason } from '@shipline/toolkit';

export interface ExecOptions {
  /** Written to stdin, which is then closed: passwords go here, never into argv. */
  input?: string;
  /** Added to the environment of this process. */
  env?: Record<string, string>;
  cwd?: string;
  /** Also write the output to the step log (workflow commands in it are not processed). */
  stream?: boolean;
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How every docker call is made; tests pass a fake that records calls and answers. */
export type Exec = (command: string, args: string[], options?: ExecOptions) => Promise<ExecResult>;

export class CommandNotFoundError extends Error {
  constructor(readonly command: string) {
    super(`${command} was not found on PATH: install Docker (the CLI and a running daemon) on the runner`);
    this.name = 'CommandNotFoundError';
  }
}

/** Keeps the last `limit` characters: enough to explain a failure without holding huge logs. */
function tail(limit: number) {
  let text = '';
  return {
    add: (chunk: string) => void (text = (text + chunk).slice(-limit)),
    get: () => text,
  };
}

const KILL_AFTER_MS = 5_000;

export const spawnExec: Exec = (command, args, options = {}) =>
  new Promise<ExecResult>((resolve, reject) => {
    if (options.signal?.aborted) return reject(abortReason(options.signal));
    const token = options.stream ? randomUUID() : undefined;
    if (token) {
      process.stdout.write(`[command]${command} ${args.join(' ')}\n::stop-commands::${token}\n`);
    }
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out = tail(1 << 20);
    const err = tail(1 << 20);
    const endsWithNewline = { stdout: true, stderr: true };
    const collect = (name: 'stdout' | 'stderr', sink: ReturnType<typeof tail>) => (chunk: Buffer) => {
      const text = chunk.toString();
      sink.add(text);
      if (!token || text === '') return;
      process[name].write(text);
      endsWithNewline[name] = text.endsWith('\n');
    };
    child.stdout.on('data', collect('stdout', out));
    child.stderr.on('data', collect('stderr', err));
    child.stdin.on('error', () => undefined); // a CLI that exits before reading stdin is not our error
    child.stdin.end(options.input ?? '');
    let killer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill('SIGINT');
      killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(error.code === 'ENOENT' ? new CommandNotFoundError(command) : error);
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      clearTimeout(killer);
      if (token) {
        if (!endsWithNewline.stderr) process.stderr.write('\n');
        process.stdout.write(`${endsWithNewline.stdout ? '' : '\n'}::${token}::\n`);
      }
      if (options.signal?.aborted) return reject(abortReason(options.signal));
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: out.get(), stderr: err.get() });
    });
  });

/** The last non-empty lines of a command's output, for error messages. */
export function lastLines(result: Pick<ExecResult, 'stdout' | 'stderr'>, count = 3): string {
  const lines = `${result.stdout}\n${result.stderr}`
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.slice(-count).join(' / ');
}
