// bundleWithNcc: one entry bundled with ncc and minified with esbuild, exactly as every action's
// dist/ is built, without ncc's persistent cache.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { transform } from 'esbuild';

const nccCli = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');

/**
 * Bundles one entry the way every action's dist/ is built: ncc gathers the modules (third-party
 * licences in licenses.txt, TypeScript transpiled without type checks), then esbuild minifies each
 * JavaScript file it wrote. `cwd` is the action folder (its tsconfig.json, which extends
 * tsconfig.bundle.json, applies).
 */
export async function bundleWithNcc(options: { cwd: string; entry: string; outDir: string }): Promise<void> {
  await runNcc(options);
  await minifyScripts(options.outDir);
}

function runNcc(options: { cwd: string; entry: string; outDir: string }): Promise<void> {
  const args = [
    'build',
    options.entry,
    '-o',
    options.outDir,
    '--license',
    'licenses.txt',
    '--quiet',
    // Types are checked once for the whole workspace by `pnpm typecheck`; checking them again in
    // every bundle cost a third of each build's CPU and gave the same bytes.
    '--transpile-only',
    // ncc's persistent cache (~/.cache/ncc) is keyed without the checkout's path, so a second clone
    // on one machine type-checked against the first one's files (TS6059); and a warm cache saved
    // nothing (7.4 CPU-s cold, 7.4 warm, 7.0 without, for deploy-ecs). Off, a build reads and
    // writes nothing outside the checkout and its output folder.
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

/**
 * Minifies every .js file ncc wrote (the entry and any chunk), as the ES modules they are, for the
 * Node the actions run on. esbuild instead of ncc's own --minify (terser): half the build's CPU
 * (deploy-ecs 7.4 → 3.7 CPU-s), 9 % smaller files, and a start 10-25 % cheaper, since terser's
 * output made V8 compile much of the bundle eagerly. Licence comments stay where they are.
 */
async function minifyScripts(outDir: string): Promise<void> {
  const scripts = fs
    .readdirSync(outDir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.js'));
  for (const file of scripts) {
    const full = path.join(outDir, file);
    const { code } = await transform(fs.readFileSync(full, 'utf8'), {
      loader: 'js',
      format: 'esm',
      target: 'node24',
      minify: true,
      charset: 'utf8',
      sourcefile: file,
    });
    fs.writeFileSync(full, code);
  }
}
