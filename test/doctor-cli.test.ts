// ./dev doctor as a user runs it: exit 0 when nothing would fail a deploy, 1 with each error and
// its fix, --app taken from the caller's folder, bad flags refused naming a good value.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { repoRoot } from '../scripts/lib/actions.js';
import { editFile, installedApp } from './support/doctor-app.js';

let app = '';
beforeEach(() => {
  app = installedApp();
});
afterEach(() => fs.rmSync(app, { recursive: true, force: true }));

const edit = (rel: string, change: (text: string) => string) => editFile(app, rel, change);

describe('the CLI (./dev doctor)', () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(
      process.execPath,
      [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/doctor/doctor.ts', ...args],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, SHIPLINE_CALLER_CWD: '', INIT_CWD: '', ...env },
      },
    );

  it('exit 0 when nothing would fail a deploy, 1 with the errors and their fixes, relative --app from the caller', () => {
    const clean = cli(['--app', path.basename(app)], { SHIPLINE_CALLER_CWD: path.dirname(app) });
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/ready to deploy as far as can be checked offline/);
    edit('Dockerfile', (t) => t.replace('EXPOSE 3000', 'EXPOSE 8080'));
    const broken = cli(['--app', app]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/✗ error Dockerfile: EXPOSE 8080 .*\n {4}fix: EXPOSE 3000/);
    expect(broken.stdout).toMatch(/1 error\(s\) would fail a deploy/);
  });

  it('refuses a missing or bad --app naming the flag and a good value', () => {
    expect(cli([])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/--app is required: .*\(e\.g\. --app \.\.\/shop\)/),
    });
    expect(cli(['--app', 'nope'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/--app 'nope' is not an existing folder .*\(e\.g\. --app \.\.\/shop\)/),
    });
    expect(cli(['--app', app, '--variables', 'gone.json'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(
        /--variables 'gone\.json' does not exist \(e\.g\. --variables variables\.json from gh variable list --json name,value\)/,
      ),
    });
  });
});
