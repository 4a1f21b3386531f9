// Test doubles: a scripted docker CLI and a cache service backed by a folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CacheStore, Exec, ExecOptions, ExecResult } from '../src/index.js';

export interface Call {
  args: string[];
  options?: ExecOptions;
}

/** A docker CLI whose answers come from `answer` (default: success with no output). */
export function fakeDockerExec(
  answer: (args: string[], call: number) => Partial<ExecResult> | void = () => undefined,
) {
  const calls: Call[] = [];
  const exec: Exec = async (_command, args, options) => {
    calls.push({ args, ...(options ? { options } : {}) });
    return { exitCode: 0, stdout: '', stderr: '', ...(answer(args, calls.length) ?? {}) };
  };
  return { exec, calls, subcommands: () => calls.map((c) => c.args[0]) };
}

/** The value after a flag in an argument list. */
export const flag = (args: string[], name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

/** @actions/cache, in a folder: keys map to copies of the saved paths. */
export function folderCacheStore(available = true): CacheStore & { root: string; saved: string[] } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-store-'));
  const saved: string[] = [];
  return {
    root,
    saved,
    available: () => available,
    async restore(paths, key, restoreKeys) {
      const hit = [key, ...restoreKeys]
        .map((k) =>
          fs
            .readdirSync(root)
            .filter((entry) => entry.startsWith(k))
            .sort()
            .pop(),
        )
        .find(Boolean);
      if (!hit) return undefined;
      paths.forEach((p, i) => fs.cpSync(path.join(root, hit, String(i)), p, { recursive: true }));
      return hit;
    },
    async save(paths, key) {
      if (fs.existsSync(path.join(root, key))) return false;
      paths.forEach((p, i) => fs.cpSync(p, path.join(root, key, String(i)), { recursive: true }));
      saved.push(key);
      return true;
    },
  };
}
