// reusable-ci.yml's contract (workflows/README.md, "The CI contract"), proven on the three sample
// applications in test/fixtures/apps: npm without a build step, pnpm with one, yarn 1 in a subfolder.
// Each is copied to a fresh checkout and the whole `ci` job runs on it (test/support/ci-job.ts):
// the package manager comes from the lockfile, lint and build run only where package.json has them,
// the coverage gate reads the json-summary the test script wrote. No network: the registry given to
// npm, pnpm and yarn is a closed loopback port, and the samples have no dependencies.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '../scripts/lib/actions.js';
import { runCiJob, type CiJob } from './support/ci-job.js';

const APPS = path.join(repoRoot, 'test/fixtures/apps');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-contract-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A checkout holding the sample (in `folder`) and the coverage converter its test script calls. */
function checkout(app: string, folder = '.'): string {
  const root = path.join(work, app, 'repo');
  fs.cpSync(path.join(APPS, app), path.join(root, folder), { recursive: true });
  fs.copyFileSync(
    path.join(APPS, 'lcov-to-json-summary.mjs'),
    path.join(root, folder, '..', 'lcov-to-json-summary.mjs'),
  );
  return root;
}

const works = (command: string, args: string[]) =>
  spawnSync(command, args, { encoding: 'utf8' }).status === 0;

/** yarn 1 on PATH (GitHub's runners have it), else npx's cached yarn@1 behind a shim; else none. */
function yarnPath(): string | undefined {
  if (works('yarn', ['--version'])) return process.env.PATH;
  if (!works('npx', ['--offline', '--yes', 'yarn@1', '--version'])) return undefined;
  const bin = path.join(work, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, 'yarn'),
    '#!/bin/sh\nnpm_config_registry=https://registry.npmjs.org/ exec npx --offline --yes yarn@1 "$@"\n',
    {
      mode: 0o755,
    },
  );
  return `${bin}:${process.env.PATH}`;
}

const OFFLINE = {
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_update_notifier: 'false',
  // The runner has the pnpm pnpm/action-setup installed; pnpm must not fetch the one packageManager names.
  npm_config_manage_package_manager_versions: 'false',
};

const ran = (job: CiJob) => job.steps.filter((s) => s.ran).map((s) => s.name);
const skipped = (job: CiJob) => job.steps.filter((s) => !s.ran).map((s) => s.name);

describe('reusable-ci.yml on the sample applications', () => {
  it('npm without a build step: npm ci, lint, audit, test and the gate; no build, no artifact', async () => {
    const job = await runCiJob(checkout('npm-no-build'), {}, OFFLINE);
    expect(job.log).not.toMatch(/::error/);
    if (job.result !== 'success') throw new Error(job.log);
    expect(job.outputs).toEqual({ coverage: '100', 'package-manager': 'npm', built: 'false' });
    expect(skipped(job)).toEqual([
      'Set up pnpm',
      "Set up yarn 2+ (corepack, before setup-node reads yarn's cache folder)",
      'Build',
      'Upload the build',
    ]);
    expect(job.log).toContain('Package manager: npm (from package-lock.json)');
    expect(job.log).toMatch(
      /::notice title=build-script::package.json has no "build" script: skipped, and no artifact is uploaded/,
    );
    expect(job.log).toContain('found 0 vulnerabilities');
    expect(job.log).toContain('lines coverage 100% meets the minimum 80%');
  }, 60_000);

  it('pnpm with a build step: pnpm from packageManager, frozen install, build uploaded from dist/', async () => {
    const root = checkout('pnpm-build');
    const job = await runCiJob(root, { 'coverage-metric': 'branches', 'coverage-threshold': '90' }, OFFLINE);
    expect(job.log).not.toMatch(/::error/);
    if (job.result !== 'success') throw new Error(job.log);
    expect(job.outputs).toEqual({ coverage: '100', 'package-manager': 'pnpm', built: 'true' });
    expect(ran(job)).toEqual(
      expect.arrayContaining(['Set up pnpm', 'Lint', 'Audit dependencies', 'Build', 'Upload the build']),
    );
    expect(fs.readdirSync(path.join(root, 'dist'))).toEqual(['prices.js']);
    expect(job.log).toContain('Package manager: pnpm (from pnpm-lock.yaml)');
    // pnpm's own audit calls an endpoint npm retired: npm audits a throwaway lock instead.
    expect(job.log).toContain('found 0 vulnerabilities');
  }, 60_000);

  const yarn = yarnPath();
  (yarn ? it : it.skip)(
    'yarn 1 in a subfolder: no lint script (skipped), build, coverage read from reports/',
    async () => {
      const root = checkout('yarn', 'web');
      const job = await runCiJob(
        root,
        {
          'working-directory': 'web',
          'coverage-file': 'reports/coverage-summary.json',
          'artifact-path': 'dist',
        },
        { ...OFFLINE, PATH: yarn! },
      );
      expect(job.log).not.toMatch(/::error/);
      if (job.result !== 'success') throw new Error(job.log);
      expect(job.outputs).toEqual({ coverage: '100', 'package-manager': 'yarn', built: 'true' });
      expect(skipped(job)).toEqual(expect.arrayContaining(['Lint', 'Set up pnpm']));
      expect(job.log).toMatch(/::notice title=lint-script::package.json has no "lint" script: skipped\n/);
      expect(job.log).toContain('Package manager: yarn (from yarn.lock)');
      expect(fs.readdirSync(path.join(root, 'web/dist'))).toEqual(['slug.js']);
      // The throwaway lock for the audit stays out of the application's folder.
      expect(fs.existsSync(path.join(root, 'web/package-lock.json'))).toBe(false);
    },
    60_000,
  );
});
