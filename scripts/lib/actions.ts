// The repository's actions as the build scripts see them: where they are, bundling one into a dist/ (pre/post entries too), and small helpers (parallel runs, file lists, sizes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWithNcc } from '@shipline/action-harness';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every action folder with a TypeScript entry: actions/<name>/src/index.ts. */
export function listActions(root = repoRoot): string[] {
  const dir = path.join(root, 'actions');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'src', 'index.ts')))
    .sort()
    .map((name) => path.join(dir, name));
}

export interface BundleResult {
  action: string;
  ms: number;
  bytes: number;
}

/** Entries an action may have besides src/index.ts, for action.yml's `runs.pre` / `runs.post`. */
export const EXTRA_ENTRIES = ['pre', 'post'] as const;

/**
 * Bundles one action with ncc (minified by esbuild, third-party licences in licenses.txt) into outDir:
 * src/index.ts → index.js, and src/pre.ts / src/post.ts, when present, → pre.js / post.js.
 */
export async function bundleAction(actionDir: string, outDir: string): Promise<BundleResult> {
  const started = performance.now();
  fs.rmSync(outDir, { recursive: true, force: true });
  await bundleWithNcc({ cwd: actionDir, entry: 'src/index.ts', outDir });
  for (const name of EXTRA_ENTRIES) {
    if (!fs.existsSync(path.join(actionDir, 'src', `${name}.ts`))) continue;
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `ncc-${name}-`));
    try {
      await bundleWithNcc({ cwd: actionDir, entry: `src/${name}.ts`, outDir: scratch });
      addEntryBundle(scratch, outDir, name);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  const bytes = fs.statSync(path.join(outDir, 'index.js')).size;
  return { action: path.basename(actionDir), ms: performance.now() - started, bytes };
}

/**
 * Moves another entry's ncc output in beside the main bundle: its index.js becomes `<name>.js`;
 * its licences go to `<name>.licenses.txt` unless they equal licenses.txt; any other file must
 * not clash with one of the main bundle's.
 */
function addEntryBundle(from: string, into: string, name: string): void {
  for (const rel of listFiles(from)) {
    const source = path.join(from, rel);
    let target = path.join(into, rel === 'index.js' ? `${name}.js` : rel);
    const same = fs.existsSync(target) && fs.readFileSync(target).equals(fs.readFileSync(source));
    if (same) continue;
    if (rel === 'licenses.txt') target = path.join(into, `${name}.licenses.txt`);
    else if (fs.existsSync(target))
      throw new Error(`src/${name}.ts bundles a ${rel} that differs from index's`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
  }
}

/** Runs tasks with at most `limit` at once, keeping results in input order. */
export async function inParallel<T, R>(
  items: T[],
  task: (item: T) => Promise<R>,
  limit = os.availableParallelism(),
) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Files of a folder as relative paths, recursively, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((rel) => fs.statSync(path.join(dir, rel)).isFile())
    .sort();
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}
