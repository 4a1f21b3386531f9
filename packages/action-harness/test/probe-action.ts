// Builds the probe fixture with ncc, like a real action's dist/, into the git-ignored .tmp/ folder.
// The build is keyed by a hash of the fixture's sources, so it only reruns when they change.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWithNcc } from '../src/bundle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'probe-action');
const tmpRoot = path.join(here, '..', '.tmp');

function sourceHash(): string {
  const hash = crypto.createHash('sha256');
  for (const rel of [
    'action.yml',
    'tsconfig.json',
    ...fs.readdirSync(path.join(fixture, 'src')).map((f) => `src/${f}`),
  ]) {
    hash.update(rel).update(fs.readFileSync(path.join(fixture, rel)));
  }
  return hash.digest('hex').slice(0, 12);
}

/** Returns the folder of the built probe action (action.yml + dist/{pre,main,post}/index.js). */
export async function buildProbeAction(): Promise<string> {
  const target = path.join(tmpRoot, `probe-action-${sourceHash()}`);
  if (fs.existsSync(path.join(target, 'action.yml'))) return target;
  fs.mkdirSync(tmpRoot, { recursive: true });
  const staging = fs.mkdtempSync(path.join(tmpRoot, 'staging-'));
  try {
    await Promise.all(
      ['pre', 'main', 'post'].map((stage) =>
        bundleWithNcc({ cwd: fixture, entry: `src/${stage}.ts`, outDir: path.join(staging, 'dist', stage) }),
      ),
    );
    // action.yml last: its presence marks a complete build.
    fs.copyFileSync(path.join(fixture, 'action.yml'), path.join(staging, 'action.yml'));
    fs.renameSync(staging, target);
    for (const stale of fs.readdirSync(tmpRoot).filter((name) => name.startsWith('probe-action-'))) {
      if (path.join(tmpRoot, stale) !== target)
        fs.rmSync(path.join(tmpRoot, stale), { recursive: true, force: true });
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    // Another worker may have finished the same build first.
    if (!fs.existsSync(path.join(target, 'action.yml'))) throw error;
  }
  return target;
}
