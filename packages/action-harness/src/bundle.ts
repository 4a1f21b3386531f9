// bundleWithNcc: one entry bundled with ncc exactly as every action's dist/ is built, with ncc's cache kept per checkout.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const nccCli = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');

/**
 * Bundles one entry with ncc the way every action's dist/ is built: minified, third-party
 * licences gathered in licenses.txt, TypeScript transpiled without type checks. `cwd` is the
 * action folder (its tsconfig.json, which extends tsconfig.bundle.json, applies).
 */
export function bundleWithNcc(options: { cwd: string; entry: string; outDir: string }): Promise<void> {
  const args = [
    'build',
    options.entry,
    '-o',
    options.outDir,
    '--minify',
    '--license',
    'licenses.txt',
    '--quiet',
    // Types are checked once for the whole workspace by `pnpm typecheck`; checking them again in
    // every bundle cost a third of each build's CPU and gave the same bytes.
    '--transpile-only',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nccCli, ...args], {
      cwd: options.cwd,
      env: { ...process.env, XDG_CACHE_HOME: cacheDirFor(options.cwd) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ncc ${options.entry} in ${options.cwd} failed:\n${stderr}`)),
    );
  });
}

/**
 * ncc's persistent cache defaults to ~/.cache/ncc and is keyed without the checkout's path: a
 * second clone on the same machine then type-checks against the first clone's files (TS6059,
 * "not under rootDir"). Keeping the cache inside the workspace makes a build depend on nothing
 * outside the checkout.
 */
export function cacheDirFor(cwd: string): string {
  let dir = path.resolve(cwd);
  while (!fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.join(path.resolve(cwd), '.tmp', 'cache');
    dir = parent;
  }
  return path.join(dir, '.tmp', 'cache');
}
