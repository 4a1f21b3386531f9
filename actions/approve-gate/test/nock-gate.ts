// run()-level tests with nock answering GitHub's REST API and a FakeClock: the gate, its options
// and the usual nock answers (open the issue, read comments, close it with an outcome).
import { getOctokit } from '@actions/github';
import nock from 'nock';
import { FakeClock } from '@shipline/toolkit';
import { GitHubApi } from '../src/github-api.js';
import type { IssueGateOptions } from '../src/gate.js';
import { runIssueGate } from '../src/issue-gate.js';
import { gateOptions } from './gate-options.js';
import type { RunInfo } from '../src/run-info.js';

export const API = 'https://api.github.test';
export const ISSUE = '/repos/acme/shop/issues/7';
export const START = Date.UTC(2026, 0, 1, 12);
export const at = (ms: number) => new Date(START + ms).toISOString().replace('.000Z', 'Z');

let nextId = 1;
export const comment = (login: string, body: string, createdMs = 0, updatedMs = createdMs) => ({
  id: nextId++,
  user: { login },
  body,
  created_at: at(createdMs),
  updated_at: at(updatedMs),
  html_url: `https://github.test/acme/shop/issues/7#c${nextId}`,
});

export const run: RunInfo = {
  repo: { owner: 'acme', repo: 'shop' },
  serverUrl: 'https://github.test',
  runId: 99,
  runAttempt: 1,
  step: 'gate',
  sha: 'c0ffee'.padEnd(40, '0'),
  ref: 'refs/heads/main',
  actor: 'dev-dana',
  initiators: ['dev-dana'],
  compareUrl: undefined,
};

export const options = gateOptions;

export function gate(
  overrides: Partial<IssueGateOptions> = {},
  signal = new AbortController().signal,
  clock = new FakeClock(START, true),
) {
  const warnings: string[] = [];
  const api = new GitHubApi(getOctokit('test-token', { baseUrl: API }), {
    clock,
    signal,
    warn: (m) => warnings.push(m),
  });
  const log = {
    info: () => {},
    warning: (m: string) => warnings.push(m),
    group: <T>(_: string, body: () => Promise<T>) => body(),
  };
  const closed: number[] = [];
  const result = runIssueGate(options(overrides), run, {
    api,
    clock,
    signal,
    log,
    onCreating: () => {},
    onOpened: () => {},
    onClosing: () => {},
    onClosed: (issue) => closed.push(issue.number),
  });
  return { result, clock, api, warnings, closed };
}

export const github = () => nock(API);
export function opens(): nock.Scope {
  return github()
    .post('/repos/acme/shop/issues')
    .reply(201, { number: 7, html_url: 'https://github.test/acme/shop/issues/7', created_at: at(0) });
}
export function closes(outcome: RegExp, reason: 'completed' | 'not_planned'): nock.Scope {
  return github()
    .post(`${ISSUE}/comments`, (b: { body: string }) => outcome.test(b.body))
    .reply(201, {})
    .patch(ISSUE, { state: 'closed', state_reason: reason })
    .reply(200, {});
}
export const comments = () => github().get(`${ISSUE}/comments`);
