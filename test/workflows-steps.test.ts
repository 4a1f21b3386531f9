// The shell steps of the workflows, run here with bash as GitHub runs them (reusable-ci.yml's are in
// ci-contract-steps.test.ts), and the `actions` job of this repository's CI run step by step: a
// tiny application, smoke-test against it, notify-slack through an unreachable webhook that must
// fail softly.
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

describe('reusable-deploy.yml shell step', () => {
  const step = findStep(
    jobSteps('.github/workflows/reusable-deploy.yml', 'build'),
    'Check the approval mode and on-cancel',
  );
  it.each(['none', 'issue', 'environment'])('accepts approval %s', async (approval) => {
    expect((await runShell(step, { inputs: { approval, 'on-cancel': 'rollback' } }, dir)).code).toBe(0);
  });
  it.each(['rollback', 'leave'])(
    'accepts on-cancel %s; refuses another with a good example',
    async (onCancel) => {
      expect((await runShell(step, { inputs: { approval: 'none', 'on-cancel': onCancel } }, dir)).code).toBe(
        0,
      );
      const bad = await runShell(step, { inputs: { approval: 'none', 'on-cancel': 'stop' } }, dir);
      expect(bad.code).toBe(1);
      expect(bad.output).toContain(
        "::error title=on-cancel::on-cancel 'stop' is not a choice: use rollback or leave (e.g. on-cancel: rollback)",
      );
    },
  );
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
