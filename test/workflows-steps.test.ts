// The shell steps of the workflows, run here with bash as GitHub runs them, and the `actions` job of
// this repository's CI run step by step: a tiny application, smoke-test against it, notify-slack
// through an unreachable webhook that must fail softly.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { expectNoLeaks } from '@shipline/action-harness';
import { findStep, jobSteps, runActionStep, runShell } from './support/workflow-steps.js';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ciSteps = jobSteps('.github/workflows/reusable-ci.yml', 'ci');
const ciInputs = (extra: Record<string, unknown> = {}) => ({
  inputs: {
    'package-manager': 'npm',
    'audit-level': 'high',
    'coverage-metric': 'lines',
    'coverage-threshold': 80,
    'coverage-file': 'coverage/coverage-summary.json',
    ...extra,
  },
});

describe('reusable-ci.yml shell steps', () => {
  const check = (extra: Record<string, unknown>) =>
    runShell(findStep(ciSteps, 'Check the inputs'), ciInputs(extra), dir, {
      PACKAGE_MANAGER: String(extra['package-manager'] ?? 'npm'),
    });

  it('accepts good inputs and names each bad one with an example', async () => {
    expect((await check({})).code).toBe(0);
    const bad = await check({
      'package-manager': 'yarn',
      'audit-level': 'severe',
      'coverage-metric': 'lines',
      'coverage-threshold': 120,
    });
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(
      /::error title=package-manager::package-manager 'yarn' is not supported: .*\(e\.g\. package-manager: pnpm\)/,
    );
    expect(bad.output).toMatch(/::error title=audit-level::audit-level 'severe'/);
    expect(bad.output).toMatch(
      /::error title=coverage-threshold::coverage-threshold '120' must be a percentage/,
    );
    expect(bad.output).not.toMatch(/title=coverage-metric/);
  });

  const gate = async (pct: number | undefined, extra: Record<string, unknown> = {}) => {
    if (pct !== undefined) {
      fs.mkdirSync(path.join(dir, 'coverage'));
      const total = {
        lines: { pct },
        statements: { pct: 99 },
        functions: { pct: 99 },
        branches: { pct: 10 },
      };
      fs.writeFileSync(path.join(dir, 'coverage/coverage-summary.json'), JSON.stringify({ total }));
    }
    return runShell(findStep(ciSteps, 'coverage'), ciInputs(extra), dir);
  };

  it('the coverage gate passes at the threshold and reports the figure', async () => {
    const result = await gate(80);
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ coverage: '80' });
    expect(result.summary).toContain('| 80% | 80% | pass |');
  });

  it('the coverage gate fails below it, on another metric, and without a report', async () => {
    const low = await gate(79.9);
    expect(low.code).toBe(1);
    expect(low.output).toContain(
      '::error title=Coverage gate::lines coverage 79.9% is below the minimum 80%',
    );
    fs.rmSync(path.join(dir, 'coverage'), { recursive: true });
    expect((await gate(95, { 'coverage-metric': 'branches' })).code).toBe(1);
    fs.rmSync(path.join(dir, 'coverage'), { recursive: true });
    const missing = await gate(undefined);
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(
      /::error title=coverage-file::coverage\/coverage-summary\.json does not exist/,
    );
  });
});

describe('reusable-deploy.yml shell step', () => {
  const step = findStep(
    jobSteps('.github/workflows/reusable-deploy.yml', 'build'),
    'Check the approval mode',
  );
  it.each(['none', 'issue', 'environment'])('accepts approval %s', async (approval) => {
    expect((await runShell(step, { inputs: { approval } }, dir)).code).toBe(0);
  });
  it('refuses an unknown approval mode with a good example', async () => {
    const result = await runShell(step, { inputs: { approval: 'isue' } }, dir);
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      "::error title=approval::approval 'isue' is not a mode: use none, issue or environment (e.g. approval: issue)",
    );
  });
});

describe("this repository's CI: the actions job, step by step", () => {
  const steps = jobSteps('.github/workflows/ci.yml', 'actions');
  const sha = 'c0ffee'.padEnd(40, '0');
  const contexts = { github: { sha }, job: { status: 'success' }, steps: {} as Record<string, unknown> };
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill();
  });

  it('smoke-tests a tiny application and lets an unreachable Slack fail softly', async () => {
    // The start step backgrounds the server with nohup; here the same script runs as a child we own.
    const start = findStep(steps, 'Start a tiny application on 127.0.0.1:3000');
    const script = String(start.env!.SERVER);
    const listen = ".listen(3000, '127.0.0.1');";
    expect(script).toContain(listen);
    const onFreePort = script.replace(
      listen,
      ".listen(0, '127.0.0.1', function () { console.log(this.address().port); });",
    );
    server = spawn(process.execPath, ['-e', onFreePort], { env: { APP_VERSION: sha } });
    const port = await new Promise<string>((resolve) =>
      server!.stdout!.once('data', (d) => resolve(String(d).trim())),
    );

    const smokeStep = findStep(steps, 'smoke');
    const smoke = await runActionStep(
      { ...smokeStep, with: { ...smokeStep.with, url: `http://127.0.0.1:${port}` } },
      contexts,
    );
    expect(smoke.errors).toEqual([]);
    expect(smoke.exitCode).toBe(0);
    expect(smoke.outputs.passed).toBe('true');
    contexts.steps.smoke = { outputs: smoke.outputs, outcome: 'success' };

    const notify = await runActionStep(findStep(steps, 'notify'), contexts);
    expect(notify.exitCode).toBe(0);
    expect(notify.outputs.ok).toBe('false');
    expect(notify.outputs.error).not.toBe('');
    expectNoLeaks(notify);

    const verify = await runShell(
      findStep(steps, 'Check that the notification failed softly'),
      {
        ...contexts,
        steps: { notify: { outputs: notify.outputs, outcome: 'success' } },
      },
      dir,
    );
    expect(verify.output).toContain('notify-slack warned');
    expect(verify.code).toBe(0);
    const wrong = await runShell(
      findStep(steps, 'Check that the notification failed softly'),
      {
        ...contexts,
        steps: { notify: { outputs: { ok: 'true', error: '' }, outcome: 'success' } },
      },
      dir,
    );
    expect(wrong.code).toBe(1);
  }, 60_000);
});
