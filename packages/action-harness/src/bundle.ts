// bundleWithNcc: one entry bundled with ncc exactly as every action's dist/ is built, without ncc's persistent cache.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

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
    // ncc's persistent cache (~/.cache/ncc) is keyed without the checkout's path, so a second clone
    // on one machine type-checked against the first one's files (TS6059); and a warm cache saved
    // nothing (minifying dominates: 7.4 CPU-s cold, 7.4 warm, 7.0 without, for deploy-ecs). Off, a
    // build reads and writes nothing outside the checkout and its output folder.
    '--no-cache',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nccCli, ...args], {
      cwd: options.cwd,
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
