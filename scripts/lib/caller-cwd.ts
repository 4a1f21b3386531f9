// The folder the user ran the command from. `./dev` changes into the workspace before calling pnpm
// and exports the original as SHIPLINE_CALLER_CWD; pnpm itself sets INIT_CWD; a direct run has cwd.
import path from 'node:path';

export function callerCwd(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHIPLINE_CALLER_CWD || env.INIT_CWD || process.cwd();
}

/** A path the user typed, resolved from where they typed it (absolute paths stay as they are). */
export function fromCaller(value: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(callerCwd(env), value);
}
