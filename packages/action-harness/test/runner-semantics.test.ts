// Runner behaviours that are easy to get "convenient" instead of right, checked with the bundled probe.

import { beforeAll, describe, expect, it } from '@jest/globals';
import { runAction, type RunActionOptions, type RunResult, type Stage } from '../src/index.js';
import { buildProbeAction } from './probe-action.js';

let actionDir = '';
beforeAll(async () => {
  actionDir = await buildProbeAction();
}, 60_000);

function probe(options: Partial<RunActionOptions> = {}): Promise<RunResult> {
  return runAction({ actionDir, ...options, inputs: { 'task-definition': 'td.json', ...options.inputs } });
}

function stage(run: RunResult, name: Stage) {
  const found = run.stages.find((s) => s.stage === name);
  if (!found) throw new Error(`no ${name} stage`);
  return found;
}

describe('runner semantics', () => {
  it('skips main after a failed pre, and still runs post (pre registered it)', async () => {
    const run = await probe({ inputs: { mode: 'pre-fail' } });
    expect(run.stages.map((s) => [s.stage, s.conclusion])).toEqual([
      ['pre', 'failure'],
      ['main', 'skipped'],
      ['post', 'success'],
    ]);
    expect(run.conclusion).toBe('failure');
    expect(run.exitCode).toBeNull();
    expect(run.errors).toEqual(['pre failed on purpose']);
    expect(stage(run, 'post').outputs['seen-state-from-pre']).toBe('pre-was-here');
  });

  it('fails (not cancels) a stage whose process dies from a signal it did not get from the runner', async () => {
    const run = await probe({ inputs: { mode: 'crash' } });
    expect(stage(run, 'main')).toMatchObject({
      conclusion: 'failure',
      exitCode: null,
      signal: 'SIGKILL',
      signalsSent: [],
      cancelled: false,
    });
    expect(run.conclusion).toBe('failure');
    expect(stage(run, 'post').conclusion).toBe('success');
  });

  it('refuses a step summary over 1 MiB with the runner’s error, without failing the step', async () => {
    const run = await probe({ inputs: { mode: 'big-summary' } });
    expect(stage(run, 'main')).toMatchObject({ conclusion: 'success', summaryRefused: true, summary: '' });
    expect(run.conclusion).toBe('success');
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^\$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got 1024k\./,
      ),
    ]);
  });

  it('lets the step env win over GITHUB_ENV, and GITHUB_ENV win over the job env', async () => {
    const stepWins = await probe({ env: { PROBE_FROM_PRE: 'step' }, jobEnv: { PROBE_FROM_PRE: 'job' } });
    expect(stepWins.outputs['env-from-pre']).toBe('step');
    expect(stage(stepWins, 'post').outputs['seen-env-from-pre']).toBe('step');
    const jobLoses = await probe({ jobEnv: { PROBE_FROM_PRE: 'job', JOB_ONLY: 'x' } });
    expect(jobLoses.outputs['env-from-pre']).toBe('exported-in-pre');
  });

  it('passes input values untrimmed (only core.getInput trims them)', async () => {
    const run = await probe({ inputs: { 'display name': '  Shown \n' } });
    expect(run.outputs['raw-display-name']).toBe('  Shown \n');
    expect(run.outputs['display-name']).toBe('Shown');
  });
});
