// run(): the mode switch (issue or environment gate) and how a gate that ends without a decision is
// reported (what it had reached), with nock answering GitHub; report() turns both into outputs and summary.
import { describe, expect, it } from '@jest/globals';
import { getOctokit } from '@actions/github';
import { FakeClock } from '@shipline/toolkit';
import { collectingLog, isolateNock } from '@shipline/toolkit/testing';
import { parseApprover } from '../src/approvers.js';
import { GitHubApi } from '../src/github-api.js';
import type { GateInputs } from '../src/inputs.js';
import { report } from '../src/report.js';
import { run, type RunDeps } from '../src/run.js';
import { gateOptions } from './gate-options.js';
import { API, START, github, run as runInfo } from './nock-gate.js';

isolateNock();

function deps(): RunDeps {
  const clock = new FakeClock(START, true);
  const signal = new AbortController().signal;
  const api = new GitHubApi(getOctokit('test-token', { baseUrl: API }), { clock, signal, warn: () => {} });
  const hook = () => {};
  return {
    api,
    clock,
    signal,
    log: collectingLog(),
    onCreating: hook,
    onOpened: hook,
    onClosing: hook,
    onClosed: hook,
  };
}

const inputs = (overrides: Partial<GateInputs>): GateInputs => ({
  ...gateOptions(),
  mode: 'issue',
  token: 'test-token',
  ...overrides,
});

describe('run', () => {
  it('environment mode reads the review history and decides from it', async () => {
    github()
      .get('/repos/acme/shop/actions/runs/99/approvals')
      .reply(200, [{ state: 'approved', user: { login: 'Alice' }, environments: [{ name: 'production' }] }]);
    const gate = await run({ ...inputs({ mode: 'environment', approvers: [] }), runInfo }, deps());
    expect('decided' in gate && gate.decided.status).toBe('approved');
    const published = report('environment', gate);
    expect(published.outputs).toMatchObject({ status: 'approved', 'decided-at': expect.any(String) });
    expect(published.failure).toBeUndefined();
  });

  it('a gate that fails says what it had reached, and its report is a summary with no outputs', async () => {
    github().get('/orgs/acme/teams/release').reply(404, { message: 'Not Found' });
    const gate = await run({ ...inputs({ approvers: [parseApprover('acme/release')] }), runInfo }, deps());
    expect(gate).toMatchObject({
      ended: { ending: 'failed', reached: 'checking the approvers', issue: undefined },
    });
    const published = report('issue', gate);
    expect(published.outputs).toEqual({});
    expect(published.summary[0]).toBe('### ⚠️ approve-gate (issue): failed');
  });
});
