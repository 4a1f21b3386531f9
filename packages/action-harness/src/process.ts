// Running one stage's script as its own node process, the way the runner's process invoker does:
// output is read line by line from both pipes, and cancellation escalates SIGINT → SIGTERM → SIGKILL.

import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Stream } from './types.js';

export interface KillDelays {
  sigtermAfterMs: number;
  sigkillAfterMs: number;
}

/** The runner's delays: SIGINT, SIGTERM 7.5 s later, then a kill 2.5 s after that. */
export const RUNNER_KILL_DELAYS: KillDelays = { sigtermAfterMs: 7500, sigkillAfterMs: 2500 };

export interface ProcessOptions {
  nodePath: string;
  script: string;
  cwd: string;
  env: Record<string, string>;
  /** Aborting stops the process (cancellation). */
  cancel?: AbortSignal;
  timeoutMs?: number;
  killDelays: KillDelays;
  onLine: (stream: Stream, line: string) => void;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  stdout: string;
  stderr: string;
  cancelled: boolean;
  timedOut: boolean;
  /** Signals sent, in order, for reporting. */
  signalsSent: string[];
}

/** Splits a byte stream into lines at \n, \r\n or a lone \r, as .NET's line reader does. */
class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer): void {
    this.pending += this.decoder.write(chunk);
    const parts = this.pending.split(/\r\n|\n|\r(?!$)/);
    this.pending = parts.pop() ?? '';
    for (const line of parts) this.emit(line);
  }

  end(): void {
    this.pending += this.decoder.end();
    const parts = this.pending.split(/\r\n|\n|\r/);
    if (parts[parts.length - 1] === '') parts.pop();
    for (const line of parts) this.emit(line);
    this.pending = '';
  }
}

/**
 * V8's compile cache for the scripts the harness runs (NODE_COMPILE_CACHE, read by Node >= 22.1):
 * a bundle is compiled once per machine, or per test run (whose os.tmpdir() is its own), instead of
 * at every start. The code run is the same; V8 checks each entry against the script's hash, so an
 * edited bundle is compiled afresh. A step's own env can still set it.
 */
export const COMPILE_CACHE_DIR = path.join(os.tmpdir(), 'shipline-node-compile-cache');

export function runNodeProcess(options: ProcessOptions): Promise<ProcessResult> {
  const started = performance.now();
  const child = spawn(options.nodePath, [options.script], {
    cwd: options.cwd,
    env: { NODE_COMPILE_CACHE: COMPILE_CACHE_DIR, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const raw: Record<Stream, Buffer[]> = { stdout: [], stderr: [] };
  const result = { cancelled: false, timedOut: false, signalsSent: [] as string[] };
  const timers: NodeJS.Timeout[] = [];
  let exited = false;

  const send = (signal: NodeJS.Signals) => {
    if (exited) return;
    result.signalsSent.push(signal);
    child.kill(signal);
  };
  const stop = () => {
    if (result.signalsSent.length > 0) return;
    send('SIGINT');
    timers.push(
      setTimeout(() => {
        send('SIGTERM');
        timers.push(setTimeout(() => send('SIGKILL'), options.killDelays.sigkillAfterMs));
      }, options.killDelays.sigtermAfterMs),
    );
  };
  const onCancel = () => {
    result.cancelled = true;
    stop();
  };
  if (options.cancel?.aborted) queueMicrotask(onCancel);
  else options.cancel?.addEventListener('abort', onCancel, { once: true });
  if (options.timeoutMs !== undefined) {
    timers.push(
      setTimeout(() => {
        if (result.cancelled) return;
        result.timedOut = true;
        stop();
      }, options.timeoutMs),
    );
  }

  for (const stream of ['stdout', 'stderr'] as const) {
    const splitter = new LineSplitter((line) => options.onLine(stream, line));
    child[stream].on('data', (chunk: Buffer) => {
      raw[stream].push(chunk);
      splitter.push(chunk);
    });
    child[stream].on('end', () => splitter.end());
  }

  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      exited = true;
      timers.forEach(clearTimeout);
      reject(error);
    });
    child.on('exit', () => {
      exited = true;
    });
    // 'close' waits for both pipes to end, so every line has been delivered.
    child.on('close', (code, signal) => {
      exited = true;
      timers.forEach(clearTimeout);
      options.cancel?.removeEventListener('abort', onCancel);
      resolve({
        exitCode: code,
        signal,
        durationMs: Math.round(performance.now() - started),
        stdout: Buffer.concat(raw.stdout).toString('utf8'),
        stderr: Buffer.concat(raw.stderr).toString('utf8'),
        ...result,
      });
    });
  });
}
