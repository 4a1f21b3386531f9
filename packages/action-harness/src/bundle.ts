import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const nccCli = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');

/**
 * Bundles one entry with ncc the way every action's dist/ is built: minified, third-party
 * licences gathered in licenses.txt. `cwd` is the action folder (its tsconfig.json applies).
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
