// The commands reusable-ci.yml's install and audit steps give each package manager, including the
// ones no sample application plays (yarn 2+): npm, pnpm and yarn are stand-ins on PATH that record
// their arguments and the folder they ran in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { CI_WORKFLOW } from './support/ci-job.js';
import { findStep, runShell } from './support/workflow-steps.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-commands-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const bin = path.join(work, 'bin');
const calls = path.join(work, 'calls');
fs.mkdirSync(bin);
for (const tool of ['npm', 'pnpm', 'yarn']) {
  const script = `#!/bin/sh\necho "${tool} $* (in $(basename "$PWD"))" >>"${calls}"\n`;
  fs.writeFileSync(path.join(bin, tool), script, { mode: 0o755 });
}

/** Runs the step in an application folder holding package.json and yarn.lock; the commands it ran. */
async function commands(stepName: string, pm: string, berry = false): Promise<string[]> {
  const app = fs.mkdtempSync(path.join(work, 'app-'));
  fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app"}');
  fs.writeFileSync(path.join(app, 'yarn.lock'), '');
  fs.writeFileSync(calls, '');
  const contexts = {
    inputs: { 'audit-level': 'high' },
    steps: { detect: { outputs: { 'package-manager': pm, 'yarn-berry': String(berry) } } },
  };
  const step = findStep(CI_WORKFLOW.jobs.ci.steps, stepName);
  const result = await runShell(step, contexts, app, { PATH: `${bin}:${process.env.PATH}` });
  expect(result.code).toBe(0);
  // The throwaway folder has a random name; the app folder is app-*.
  return fs
    .readFileSync(calls, 'utf8')
    .trim()
    .split('\n')
    .map((line) =>
      line.replace(/\(in ([^)]+)\)$/, (_, dir: string) =>
        dir === path.basename(app) ? '(in the app)' : '(elsewhere)',
      ),
    );
}

describe('install', () => {
  it.each([
    ['npm', false, 'npm ci (in the app)'],
    ['pnpm', false, 'pnpm install --frozen-lockfile (in the app)'],
    ['yarn', false, 'yarn install --frozen-lockfile (in the app)'],
    ['yarn', true, 'yarn install --immutable (in the app)'],
  ])('%s (yarn 2+: %s): %s', async (pm, berry, command) => {
    expect(await commands('Install (from the lockfile)', pm, berry)).toEqual([command]);
  });
});

describe('audit', () => {
  it('npm audits the app itself; yarn 2+ has its own audit', async () => {
    expect(await commands('Audit dependencies', 'npm')).toEqual([
      'npm audit --audit-level high (in the app)',
    ]);
    expect(await commands('Audit dependencies', 'yarn', true)).toEqual([
      'yarn npm audit --all --recursive --severity high (in the app)',
    ]);
  });

  it.each(['pnpm', 'yarn'])(
    '%s: npm over a throwaway package-lock outside the app (their own audit calls a retired endpoint)',
    async (pm) => {
      expect(await commands('Audit dependencies', pm)).toEqual([
        'npm install --package-lock-only --ignore-scripts --no-audit --no-fund --loglevel=error (elsewhere)',
        'npm audit --audit-level high (elsewhere)',
      ]);
    },
  );
});
