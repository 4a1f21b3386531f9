// runAction with a real ncc-bundled probe action: pre → main → post, state, env, outputs, masking, signals.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  cancelOnLine,
  COMPILE_CACHE_DIR,
  expectNoLeaks,
  runAction,
  type RunActionOptions,
  type RunResult,
} from '../src/index.js';
import { buildProbeAction } from './probe-action.js';

let actionDir = '';
beforeAll(async () => {
  actionDir = await buildProbeAction();
}, 300_000); // a build under CI load took over 60 s

// A stage that exits on the signal it gets has all the time a busy machine may take (a loaded CI
// run took over 300 ms to exit on SIGINT and got a SIGTERM); only the probe modes that ignore a
// signal (stubborn, immortal) are escalated quickly, and their verdict does not depend on speed.
const PATIENT = { sigtermAfterMs: 60_000, sigkillAfterMs: 60_000 };
const credentialOf = (secret: string) => `drv-${Buffer.from(secret).toString('hex')}`;

function probe(options: Partial<RunActionOptions> = {}): Promise<RunResult> {
  return runAction({
    actionDir,
    killDelays: PATIENT,
    ...options,
    inputs: { 'task-definition': 'td.json', ...options.inputs },
  });
}

function stage(run: RunResult, name: 'pre' | 'main' | 'post') {
  const found = run.stages.find((s) => s.stage === name);
  if (!found) throw new Error(`no ${name} stage`);
  return found;
}

describe('runAction with a real ncc-bundled action (pre, main, post)', () => {
  it('passes inputs, defaults and the runner environment, and collects outputs, state, env and path', async () => {
    const run = await probe({
      inputs: { 'display name': 'Shown' },
      env: { CALLER_VAR: 'from-caller' },
      context: {
        repository: 'acme/shop',
        ref: 'refs/tags/v1.2.3',
        eventName: 'release',
        event: { action: 'published' },
      },
    });
    expect(run.conclusion).toBe('success');
    expect(run.exitCode).toBe(0);
    expect(run.stages.map((s) => [s.stage, s.conclusion])).toEqual([
      ['pre', 'success'],
      ['main', 'success'],
      ['post', 'success'],
    ]);
    expect(run.outputs).toMatchObject({
      'task-definition': 'td.json',
      'display-name': 'Shown',
      repository: 'acme/shop',
      greeting: 'hello octocat on Linux',
      'token-given': 'yes',
      multi: 'line one\nline two\nline three',
      'state-from-pre': 'pre-was-here',
      'env-from-pre': 'exported-in-pre',
    });
    expect(JSON.parse(run.outputs.runtime ?? '')).toEqual({
      repository: 'acme/shop',
      refName: 'v1.2.3',
      refType: 'tag',
      eventName: 'release',
      event: { action: 'published' },
      runnerOs: 'Linux',
      ci: 'true',
      githubActions: 'true',
      nodeOptions: null,
      compileCache: COMPILE_CACHE_DIR,
      callerVar: 'from-caller',
      cwdIsWorkspace: true,
      nodeVersion: process.version,
    });
    expect(run.state).toEqual({ 'from-pre': 'pre-was-here', 'from-main': 'main-was-here' });
    expect(run.env).toEqual({ PROBE_FROM_PRE: 'exported-in-pre', PROBE_FROM_MAIN: 'exported-in-main' });
    expect(run.path).toEqual(['/opt/probe/bin']);
    expect(stage(run, 'post').outputs).toEqual({
      'seen-state-from-pre': 'pre-was-here',
      'seen-state-from-main': 'main-was-here',
      'seen-env-from-pre': 'exported-in-pre',
      'seen-env-from-main': 'exported-in-main',
      'seen-path-head': '/opt/probe/bin',
      'seen-stopped-by': '',
    });
    expect(run.summary).toBe('<h3>Probe</h3>\nmain finished');
    expect(run.warnings).toEqual(['check this: a, b']);
    expect(run.commands.find((c) => c.command === 'warning')).toEqual({
      command: 'warning',
      properties: { title: 'Heads: up', file: 'src/app.ts', line: '3', col: '5' },
      message: 'check this: a, b',
      stage: 'main',
    });
    expect(run.log).toContain('a line on stderr');
    expectNoLeaks(run);
  });

  it("keeps V8's compile cache in the temporary folder, unless the step's env names its own", async () => {
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'own-compile-cache-'));
    const run = await probe({ env: { NODE_COMPILE_CACHE: own } });
    expect(JSON.parse(run.outputs.runtime ?? '').compileCache).toBe(own);
    expect(fs.readdirSync(own, { recursive: true }).length).toBeGreaterThan(0);
    expect(path.dirname(COMPILE_CACHE_DIR)).toBe(os.tmpdir());
  });

  it('reports a failing main with its ::error:: annotation, exit code 1, and still runs post', async () => {
    const run = await probe({ inputs: { mode: 'fail' } });
    expect(run.exitCode).toBe(1);
    expect(run.conclusion).toBe('failure');
    expect(run.errors).toEqual(['it broke', 'probe failed on purpose']);
    expect(run.commands.find((c) => c.message === 'it broke')?.properties).toEqual({
      title: 'Broken',
      file: 'src/app.ts',
      line: '7',
      endLine: '9',
    });
    expect(stage(run, 'post').conclusion).toBe('success');
    expect(stage(run, 'post').outputs['seen-state-from-main']).toBe('main-was-here');
  });

  it('masks what the action registers from that moment on, and the leak check stays quiet', async () => {
    const credential = credentialOf('hunter2');
    const live: string[] = [];
    const run = await probe({
      inputs: { secret: 'hunter2' },
      secrets: ['hunter2'],
      onLine: (s, stream, line) => live.push(`${s} ${stream} ${line}`),
    });
    expect(live).toEqual(
      expect.arrayContaining([
        'main stdout the credential is ***',
        'main stderr a line on stderr',
        'post stdout post is running',
      ]),
    );
    expect(live.join('\n')).not.toContain(credential);
    expect(run.masked).toEqual(expect.arrayContaining(['hunter2', credential]));
    expect(run.log).toContain('the credential is ***');
    expect(run.log).not.toContain(credential);
    expect(run.log).not.toContain('hunter2');
    expect(stage(run, 'main').stdout).toContain(credential);
    expect(run.leaks).toEqual([]);
  });

  it('catches a credential printed before setSecret and put into an output', async () => {
    const credential = credentialOf('hunter2');
    const run = await probe({ inputs: { secret: 'hunter2', mode: 'leak' }, secrets: ['hunter2'] });
    expect(run.leaks.map((l) => [l.where, l.stage, l.name ?? l.line])).toEqual([
      ['stdout', 'main', 1],
      ['output', 'main', 'credential'],
    ]);
    expect(JSON.stringify(run.leaks)).not.toContain(credential);
    // The runner had not been told yet, so users see it in the log too.
    expect(run.log).toContain(`about to mask ${credential}`);
    expect(() => expectNoLeaks(run)).toThrow(
      /2 leak\(s\) of masked values:\n {2}- main: .* in stdout line 1/,
    );
  });

  it('cancels like the runner: SIGINT reaches main, the run is cancelled, post runs', async () => {
    const run = await probe({ inputs: { mode: 'hang' }, ...cancelOnLine('waiting for a signal') });
    expect(run.conclusion).toBe('cancelled');
    expect(stage(run, 'main')).toMatchObject({
      conclusion: 'cancelled',
      signalsSent: ['SIGINT'],
      exitCode: 1,
    });
    expect(run.log).toContain('received SIGINT');
    expect(run.errors).toContain('The operation was canceled.');
    expect(stage(run, 'post').conclusion).toBe('success');
    expect(stage(run, 'post').outputs['seen-stopped-by']).toBe('SIGINT');
  });

  it('escalates to SIGTERM, then SIGKILL, after the configured delays', async () => {
    const stubborn = await probe({
      inputs: { mode: 'stubborn' },
      killDelays: { sigtermAfterMs: 300, sigkillAfterMs: 60_000 },
      ...cancelOnLine('waiting for a signal'),
    });
    expect(stage(stubborn, 'main').signalsSent).toEqual(['SIGINT', 'SIGTERM']);
    expect(stage(stubborn, 'post').outputs['seen-stopped-by']).toBe('SIGTERM');

    const immortal = await probe({
      inputs: { mode: 'immortal' },
      killDelays: { sigtermAfterMs: 300, sigkillAfterMs: 300 },
      ...cancelOnLine('waiting for a signal'),
    });
    expect(stage(immortal, 'main')).toMatchObject({
      signal: 'SIGKILL',
      exitCode: null,
      conclusion: 'cancelled',
    });
    expect(stage(immortal, 'main').signalsSent).toEqual(['SIGINT', 'SIGTERM', 'SIGKILL']);
    expect(stage(immortal, 'main').durationMs).toBeGreaterThanOrEqual(600);
    expect(immortal.conclusion).toBe('cancelled');
    expect(stage(immortal, 'post').conclusion).toBe('success');
  });

  it('fails a stage that outlives timeoutMs, then runs post', async () => {
    // Each stage gets timeoutMs, post included: 4 s leaves a post that starts slowly on a busy
    // machine its time, while main (which hangs) still times out.
    const run = await probe({ inputs: { mode: 'hang' }, timeoutMs: 4_000 });
    expect(stage(run, 'main')).toMatchObject({
      conclusion: 'failure',
      timedOut: true,
      signalsSent: ['SIGINT'],
    });
    expect(run.conclusion).toBe('failure');
    expect(run.errors.join('\n')).toMatch(/has timed out after 4000 ms/);
    expect(stage(run, 'post').conclusion).toBe('success');
  });

  it('warns about unexpected inputs in every stage, like the runner', async () => {
    const run = await probe({ inputs: { 'task-defintion': 'typo' } });
    const warning =
      "Unexpected input(s) 'task-defintion', valid inputs are " +
      "['task-definition', 'display name', 'repository', 'token', 'greeting', 'mode', 'secret']";
    expect(run.warnings.filter((w) => w === warning)).toHaveLength(3);
    expect(run.conclusion).toBe('success');
  });

  it('reports a missing required input only as a diagnostic; the action itself fails on it', async () => {
    const run = await runAction({ actionDir, inputs: {} });
    expect(run.diagnostics).toEqual([
      'Input required and not supplied: task-definition (the runner does not check this; the action must)',
    ]);
    expect(run.errors).toContain('Input required and not supplied: task-definition');
    expect(run.conclusion).toBe('failure');
  });

  it('evaluates pre-if and post-if against the job status', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-conditions-'));
    try {
      fs.symlinkSync(path.join(actionDir, 'dist'), path.join(dir, 'dist'));
      const yml = fs.readFileSync(path.join(actionDir, 'action.yml'), 'utf8');
      fs.writeFileSync(
        path.join(dir, 'action.yml'),
        yml.replace(
          '  pre: dist/pre/index.js',
          "  pre: dist/pre/index.js\n  pre-if: runner.os == 'Windows'\n  post-if: success()",
        ),
      );
      const failed = await probe({ actionDir: dir, inputs: { mode: 'fail' } });
      expect(failed.stages.map((s) => [s.stage, s.conclusion])).toEqual([
        ['pre', 'skipped'],
        ['main', 'failure'],
        ['post', 'skipped'],
      ]);
      expect(failed.outputs['state-from-pre']).toBe('');
      const passed = await probe({ actionDir: dir });
      expect(stage(passed, 'post').conclusion).toBe('success');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
