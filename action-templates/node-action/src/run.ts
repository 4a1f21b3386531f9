// The behaviour of __ACTION_NAME__: options and clients come in as arguments, so tests need no mocks.
import type { ActionLog } from '@shipline/toolkit';
import type { RunOptions } from './inputs.js';

export interface RunDeps {
  signal: AbortSignal;
  log: ActionLog;
}

export interface RunResult {
  message: string;
}

export async function run(options: RunOptions, deps: RunDeps): Promise<RunResult> {
  deps.signal.throwIfAborted();
  return { message: `${options.greeting}, ${options.name}!` };
}
