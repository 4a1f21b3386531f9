// FakeGitHubDeployments answers as GitHub's REST docs say: list filters and newest first, statuses
// with auto_inactive, compare's four statuses, and anything else forwarded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHubDeployments } from '../src/github-deployments.js';

const sha = (c: string) => c.repeat(40);
let other: http.Server;
let fake: FakeGitHubDeployments;

beforeAll(async () => {
  other = http.createServer((req, res) => res.end(JSON.stringify({ forwarded: req.url })));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  fake = await new FakeGitHubDeployments(`http://127.0.0.1:${(other.address() as AddressInfo).port}`).start();
});
afterAll(async () => {
  await fake.stop();
  other.close();
});

const api = async (method: string, route: string, body?: unknown) => {
  const response = await fetch(`${fake.url}/repos/acme/shop${route}`, {
    method,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

describe('FakeGitHubDeployments', () => {
  it('lists by sha, task and environment, newest first; a success status leaves older ones alone only with auto_inactive false', async () => {
    const one = await api('POST', '/deployments', {
      ref: sha('a'),
      environment: 'staging',
      task: 'deploy:shipline',
    });
    const two = await api('POST', '/deployments', {
      ref: sha('b'),
      environment: 'staging',
      task: 'deploy:shipline',
    });
    expect(one.status).toBe(201);
    await api('POST', `/deployments/${one.body.id}/statuses`, { state: 'success' });
    await api('POST', `/deployments/${two.body.id}/statuses`, { state: 'success', auto_inactive: false });
    const listed = await api('GET', '/deployments?environment=staging&task=deploy:shipline&per_page=1');
    expect(listed.body.map((d: { sha: string }) => d.sha)).toEqual([sha('b')]);
    expect((await api('GET', `/deployments?sha=${sha('a')}`)).body).toHaveLength(1);
    expect((await api('GET', `/deployments/${one.body.id}/statuses`)).body[0].state).toBe('success');
    await api('POST', `/deployments/${two.body.id}/statuses`, { state: 'success' });
    expect((await api('GET', `/deployments/${one.body.id}/statuses`)).body[0].state).toBe('inactive');
    expect((await api('POST', '/deployments', { ref: 'main' })).status).toBe(422);
  });

  it('compares by ancestry: ahead, behind, identical, diverged', async () => {
    fake.commit(sha('1')).commit(sha('2'), sha('1')).commit(sha('3'), sha('1'));
    const status = async (base: string, head: string) =>
      (await api('GET', `/compare/${sha(base)}...${sha(head)}`)).body.status;
    expect(await status('1', '2')).toBe('ahead');
    expect(await status('2', '1')).toBe('behind');
    expect(await status('2', '2')).toBe('identical');
    expect(await status('2', '3')).toBe('diverged');
  });

  it('forwards any other request', async () => {
    expect((await api('GET', '/issues?state=open')).body).toEqual({
      forwarded: '/repos/acme/shop/issues?state=open',
    });
  });
});
