// reusable-ci.yml's steps one at a time, on the cases the sample applications do not play: each
// way an application can miss the contract fails with a message naming what was expected (the
// lockfile, the pnpm version, the test script, the coverage report), and the coverage gate reads
// the json-summary reports real Jest 30, Vitest 3 and c8 10 runs wrote (test/fixtures/apps/coverage-reports).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { repoRoot } from '../scripts/lib/actions.js';
import { CI_WORKFLOW } from './support/ci-job.js';
import { findStep, runShell } from './support/workflow-steps.js';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-steps-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const steps = CI_WORKFLOW.jobs.ci.steps;
const ciInputs = (extra: Record<string, unknown> = {}) => ({
  inputs: {
    'package-manager': '',
    'working-directory': '.',
    'audit-level': 'high',
    'coverage-metric': 'lines',
    'coverage-threshold': 80,
    'coverage-file': 'coverage/coverage-summary.json',
    'lint-script': 'lint',
    'test-script': 'test',
    'build-script': 'build',
    ...extra,
  },
  steps: { detect: { outputs: { 'package-manager': 'npm' } } },
});
const write = (files: Record<string, string>) =>
  Object.entries(files).forEach(([file, text]) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  });
const pkg = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'app', scripts: { test: 'jest' }, ...fields });

describe('Check the inputs', () => {
  const check = (extra: Record<string, unknown>) =>
    runShell(findStep(steps, 'Check the inputs'), ciInputs(extra), dir);

  it('accepts good inputs, any of the three package managers or none, and names each bad one with an example', async () => {
    for (const pm of ['', 'npm', 'pnpm', 'yarn'])
      expect((await check({ 'package-manager': pm })).code).toBe(0);
    const bad = await check({
      'package-manager': 'bun',
      'audit-level': 'severe',
      'coverage-metric': 'lines',
      'coverage-threshold': 120,
    });
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(
      /::error title=package-manager::package-manager 'bun' is not supported: use npm, pnpm or yarn, or leave it empty .*\(e\.g\. package-manager: pnpm\)/,
    );
    expect(bad.output).toMatch(/::error title=audit-level::audit-level 'severe'/);
    expect(bad.output).toMatch(
      /::error title=coverage-threshold::coverage-threshold '120' must be a percentage/,
    );
    expect(bad.output).not.toMatch(/title=coverage-metric/);
  });
});

describe('Detect the package manager from the lockfile', () => {
  const detect = (extra: Record<string, unknown> = {}) =>
    runShell(findStep(steps, 'detect'), ciInputs(extra), dir);

  it.each([
    ['npm', 'package-lock.json', pkg()],
    ['pnpm', 'pnpm-lock.yaml', pkg({ packageManager: 'pnpm@10.34.9' })],
    ['yarn', 'yarn.lock', pkg()],
  ])('%s from %s', async (pm, lockfile, manifest) => {
    write({ 'package.json': manifest, [lockfile]: '' });
    const result = await detect();
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ 'package-manager': pm, lockfile, 'yarn-berry': 'false' });
  });

  it('yarn 2+ from packageManager or .yarnrc.yml', async () => {
    write({ 'package.json': pkg({ packageManager: 'yarn@4.9.1' }), 'yarn.lock': '' });
    expect((await detect()).outputs['yarn-berry']).toBe('true');
    write({ 'package.json': pkg(), '.yarnrc.yml': 'nodeLinker: node-modules\n' });
    expect((await detect()).outputs['yarn-berry']).toBe('true');
  });

  it('fails naming what it expected: a package.json, one lockfile, the chosen one, a pnpm version', async () => {
    const error = async (extra: Record<string, unknown> = {}) => {
      const result = await detect(extra);
      expect(result.code).toBe(1);
      return result.output;
    };
    expect(await error({ 'working-directory': 'api' })).toContain(
      "::error title=working-directory::no package.json in 'api': set working-directory to the application's folder",
    );
    write({ 'package.json': pkg() });
    expect(await error()).toContain(
      "::error title=lockfile::no lockfile in '.': the CI installs exactly what one pins, so commit package-lock.json (npm install), pnpm-lock.yaml (pnpm install) or yarn.lock (yarn install)",
    );
    write({ 'package-lock.json': '{}', 'yarn.lock': '' });
    expect(await error()).toContain(
      "::error title=lockfile::'.' has more than one lockfile (package-lock.json,yarn.lock): delete the stale ones, or choose with package-manager (e.g. package-manager: npm)",
    );
    expect((await detect({ 'package-manager': 'yarn' })).outputs['package-manager']).toBe('yarn');
    expect(await error({ 'package-manager': 'pnpm' })).toContain(
      "::error title=lockfile::package-manager is pnpm, which installs from pnpm-lock.yaml, but '.' has none",
    );
    write({ 'pnpm-lock.yaml': '' });
    expect(await error({ 'package-manager': 'pnpm' })).toMatch(
      /::error title=packageManager::pnpm-lock\.yaml found, but package\.json names no pnpm version .*add "packageManager": "pnpm@10\.x\.y"/,
    );
  });
});

describe('Find the scripts', () => {
  const scripts = () => runShell(findStep(steps, 'scripts'), ciInputs(), dir);

  it('runs lint and build only where package.json has them, and says so', async () => {
    write({ 'package.json': pkg({ scripts: { test: 'jest', build: 'tsc' } }) });
    const result = await scripts();
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ lint: 'false', build: 'true' });
    expect(result.output).toBe('::notice title=lint-script::package.json has no "lint" script: skipped\n');
  });

  it('fails without the test script, naming the command and the report it must write', async () => {
    write({ 'package.json': JSON.stringify({ name: 'app', scripts: { build: 'tsc' } }) });
    const result = await scripts();
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      '::error title=test-script::package.json has no "test" script: the CI runs "npm run test", which must run the tests and write coverage/coverage-summary.json; add it, or name yours with test-script (e.g. test-script: test:ci)',
    );
  });
});

describe('Coverage gate', () => {
  const gate = (extra: Record<string, unknown> = {}) =>
    runShell(findStep(steps, 'coverage'), ciInputs(extra), dir);
  const summary = (pct: number) =>
    JSON.stringify({
      total: { lines: { pct }, statements: { pct: 99 }, functions: { pct: 99 }, branches: { pct: 10 } },
    });

  it('passes at the threshold and reports the figure', async () => {
    write({ 'coverage/coverage-summary.json': summary(80) });
    const result = await gate();
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ coverage: '80' });
    expect(result.summary).toContain('| 80% | 80% | pass |');
  });

  it('fails below it and on another metric', async () => {
    write({ 'coverage/coverage-summary.json': summary(79.9) });
    const low = await gate();
    expect(low.code).toBe(1);
    expect(low.output).toContain(
      '::error title=Coverage gate::lines coverage 79.9% is below the minimum 80%',
    );
    write({ 'coverage/coverage-summary.json': summary(95) });
    expect((await gate({ 'coverage-metric': 'branches' })).code).toBe(1);
  });

  it('fails without a report, or with one that is not a json-summary, saying how each tool writes one', async () => {
    const missing = await gate();
    expect(missing.code).toBe(1);
    expect(missing.output).toContain(
      '::error title=coverage-file::coverage/coverage-summary.json does not exist: the "test" script must write an Istanbul json-summary report there (Jest: --coverage --coverageReporters=json-summary; Vitest: --coverage.enabled --coverage.reporter=json-summary; c8: --reporter=json-summary), or set coverage-file to where yours writes it',
    );
    write({ 'coverage/coverage-summary.json': 'TN:\nSF:src/a.js\n' });
    expect((await gate()).output).toMatch(
      /::error title=coverage-file::coverage\/coverage-summary\.json is not JSON/,
    );
    write({ 'coverage/coverage-summary.json': '{"total":{"lines":{"pct":"Unknown"}}}' });
    expect((await gate()).output).toMatch(
      /has no number at total\.lines\.pct: expected an Istanbul json-summary/,
    );
  });

  const REPORTS = path.join(repoRoot, 'test/fixtures/apps/coverage-reports');
  it.each([
    ['jest-30.5.2.json', { lines: '50', branches: '50' }],
    ['vitest-3.2.7.json', { lines: '55.55', branches: '50' }],
    ['c8-10.1.3.json', { lines: '55.55', branches: '66.66' }],
  ])('reads the report %s wrote, given as coverage-file', async (report, pct) => {
    fs.copyFileSync(path.join(REPORTS, report), path.join(dir, report));
    for (const [metric, value] of Object.entries(pct)) {
      const result = await gate({
        'coverage-file': report,
        'coverage-metric': metric,
        'coverage-threshold': 50,
      });
      expect(result.code).toBe(0);
      expect(result.outputs).toEqual({ coverage: value });
    }
  });
});
