// ncc's cache is kept per checkout, so a second clone never type-checks against the first one's files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { cacheDirFor } from '../src/bundle.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-cache-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function workspace(name: string): string {
  const root = path.join(scratch, name);
  fs.mkdirSync(path.join(root, 'actions', 'deploy-ecs', 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
  return root;
}

describe('ncc cache location', () => {
  it('is inside the checkout, so two clones on one machine never share it', () => {
    const first = workspace('clone-a');
    const second = workspace('clone-b');
    const a = cacheDirFor(path.join(first, 'actions', 'deploy-ecs'));
    const b = cacheDirFor(path.join(second, 'actions', 'deploy-ecs'));
    expect(a).toBe(path.join(first, '.tmp', 'cache'));
    expect(b).toBe(path.join(second, '.tmp', 'cache'));
    expect(a.startsWith(os.homedir() + path.sep + '.cache')).toBe(false);
  });

  it('stays beside a folder that belongs to no workspace', () => {
    const lone = path.join(scratch, 'lone');
    fs.mkdirSync(lone);
    expect(cacheDirFor(lone)).toBe(path.join(lone, '.tmp', 'cache'));
  });
});
