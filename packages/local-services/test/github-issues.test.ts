// The GitHub issues stand-in's script: a step held by `when` shows from the request after the one
// that made it true, stamped with the time it ran, and a conditional read of unchanged comments is 304.
import { afterEach, describe, expect, it } from '@jest/globals';
import { FakeGitHubIssues } from '../src/github-issues.js';

let github: FakeGitHubIssues | undefined;
afterEach(() => github?.stop());

const headers = { authorization: 'token t' };

async function read(url: string, etag?: string) {
  const response = await fetch(url, { headers: { ...headers, ...(etag ? { 'if-none-match': etag } : {}) } });
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag') ?? '',
    body: text ? JSON.parse(text) : undefined,
  };
}

describe('FakeGitHubIssues script steps', () => {
  it('runs a step held by `when` as the request after its condition holds arrives, stamped with that time', async () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    github = await new FakeGitHubIssues(() => now).start();
    const comments = () => github!.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comments'));
    github.script = [
      {
        afterMs: 0,
        when: () => comments().length >= 2,
        run: (api, issue) => void api.comment(issue, 'alice', 'approve'),
      },
    ];
    const opened = await fetch(`${github.url}/repos/o/r/issues`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Approve', body: 'please' }),
    });
    expect(opened.status).toBe(201);
    const url = `${github.url}/repos/o/r/issues/1/comments`;
    const first = await read(url);
    expect(first).toMatchObject({ status: 200, body: [] });
    now += 60_000;
    expect((await read(url, first.etag)).status).toBe(304);
    now += 60_000;
    const third = await read(url, first.etag);
    expect(third.status).toBe(200);
    expect(third.body).toEqual([
      expect.objectContaining({
        user: expect.objectContaining({ login: 'alice' }),
        created_at: '2026-12-04T10:02:00Z',
      }),
    ]);
  });
});
