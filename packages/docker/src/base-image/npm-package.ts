// npm for the base image: the npm registry's own package (it bundles its dependencies), fetched
// once with `npm pack` and kept unpacked in a cache folder.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The npm the image carries (npm 11 is what Node 24 ships with). */
export const NPM_VERSION = '11.19.1';

export function defaultCacheDir(): string {
  return process.env.SHIPLINE_BASE_IMAGE_CACHE ?? path.join(os.homedir(), '.cache', 'shipline', 'base-image');
}

/** The unpacked npm package folder, fetched on first use. */
export function findNpmPackage(cacheDir = defaultCacheDir(), version = NPM_VERSION): string {
  const dir = path.join(cacheDir, `npm-${version}`);
  const packageDir = path.join(dir, 'package');
  if (fs.existsSync(path.join(packageDir, 'package.json'))) return packageDir;
  fs.mkdirSync(dir, { recursive: true });
  const partial = fs.mkdtempSync(path.join(cacheDir, '.npm-'));
  try {
    const name = execFileSync('npm', ['pack', `npm@${version}`, '--pack-destination', partial, '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    }).trim();
    execFileSync('tar', ['-xzf', path.join(partial, name.split('\n').pop()!), '-C', partial]);
    fs.renameSync(path.join(partial, 'package'), packageDir);
  } catch (error) {
    const detail = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new Error(
      `could not fetch npm@${version} for the base image (npm pack): ${detail}; pass npm: false for an image without npm`,
      { cause: error },
    );
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return packageDir;
}
