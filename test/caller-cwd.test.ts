// Paths a user types resolve from the folder they ran the command in: ./dev exports it as
// SHIPLINE_CALLER_CWD before changing into the workspace, pnpm sets INIT_CWD.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseCliArgs } from '../packages/ecs-emulator/src/cli-args.js';
import { repoRoot } from '../scripts/lib/actions.js';
import { callerCwd, fromCaller } from '../scripts/lib/caller-cwd.js';

describe('callerCwd', () => {
  it("prefers ./dev's SHIPLINE_CALLER_CWD, then pnpm's INIT_CWD, then the process's cwd", () => {
    expect(callerCwd({ SHIPLINE_CALLER_CWD: '/a', INIT_CWD: '/b' })).toBe('/a');
    expect(callerCwd({ INIT_CWD: '/b' })).toBe('/b');
    expect(callerCwd({})).toBe(process.cwd());
    expect(fromCaller('../shop', { SHIPLINE_CALLER_CWD: '/work/apps/api' })).toBe('/work/apps/shop');
    expect(fromCaller('/abs/shop', { SHIPLINE_CALLER_CWD: '/x' })).toBe('/abs/shop');
  });

  it("./dev passes the caller's folder through to the script", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caller-'));
    try {
      const run = spawnSync(
        path.join(repoRoot, 'dev'),
        ['exec', 'node', '-e', 'console.log(process.env.SHIPLINE_CALLER_CWD)'],
        {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, SHIPLINE_CALLER_CWD: '', SHIPLINE_SKIP_INSTALL: '1' },
        },
      );
      expect(run.stdout.trim()).toBe(fs.realpathSync(dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the ECS emulator CLI', () => {
  it('reads a relative --scenario from the caller, not from the package folder pnpm --filter runs in', () => {
    const options = parseCliArgs(['--scenario', 'scenarios.yaml'], { SHIPLINE_CALLER_CWD: '/work/app' });
    expect(options).toMatchObject({ scenarioFile: '/work/app/scenarios.yaml' });
  });
});
