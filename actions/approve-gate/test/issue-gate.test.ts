// runIssueGate()-level edges with nock answering GitHub's REST API and a FakeClock: hours of waiting in
// milliseconds, exact headers and exact retry timing.
import { describe, expect, it } from '@jest/globals';
import { CancelledError, FakeClock } from '@shipline/toolkit';
import { parseApprover } from '../src/approvers.js';
import { isolateNock } from '@shipline/toolkit/testing';
import { API, ISSUE, START, at, closes, comment, comments, gate, github, opens } from './nock-gate.js';

isolateNock();

describe('runIssueGate: conditional polling', () => {
  it('sends the last ETag, takes 304 as "no change", backs off while idle and resets on change', async () => {
    opens();
    const times: number[] = [];
    const clock = new FakeClock(START, true);
    const stamp = () => times.push(clock.now() - START);
    comments()
      .query({ per_page: '100' })
      .reply(() => (stamp(), [200, [], { etag: 'W/"e1"' }]));
    comments()
      .query({ per_page: '100' })
      .matchHeader('if-none-match', 'W/"e1"')
      .times(6)
      .reply(() => (stamp(), [304, '', { etag: 'W/"e1"' }]));
    comments()
      .query({ per_page: '100' })
      .matchHeader('if-none-match', 'W/"e1"')
      .reply(() => (stamp(), [200, [comment('carol', 'hi', 300_000)], { etag: 'W/"e2"' }]));
    comments()
      .query({ per_page: '100' })
      .matchHeader('if-none-match', 'W/"e2"')
      .reply(() => (stamp(), [304, '']));
    comments()
      .query({ per_page: '100' })
      .matchHeader('if-none-match', 'W/"e2"')
      .reply(
        () => (
          stamp(),
          [200, [comment('carol', 'hi', 300_000), comment('bob', 'yes', 400_000)], { etag: 'W/"e3"' }]
        ),
      );
    closes(/Approved\*\* by @bob/, 'completed');
    const g = gate({}, undefined, clock);
    const result = await g.result;
    expect(result.status).toBe('approved');
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    // 15s growing ×1.5 to the 60s cap while 304s come back; back to 15s after the change.
    expect(gaps).toEqual([15_000, 22_500, 33_750, 50_625, 60_000, 60_000, 60_000, 15_000, 22_500]);
    expect(g.api.stats.notModified).toBe(7);
    expect(g.closed).toEqual([7]);
  });

  it('edits of one comment: an edit into "approve" does not approve (with a warning); an edit into "no" denies', async () => {
    opens();
    const original = comment('alice', 'checking', 1_000);
    const edit = (body: string, ms: number) => ({ ...original, body, updated_at: at(ms) });
    comments().query(true).reply(200, [original], { etag: '"a"' });
    comments()
      .query(true)
      .reply(200, [edit('Approve!', 90_000)], { etag: '"b"' });
    comments()
      .query(true)
      .reply(200, [edit('No.', 120_000)], { etag: '"c"' });
    closes(/Denied\*\* by @alice/, 'not_planned');
    const g = gate();
    const result = await g.result;
    expect(result.status).toBe('denied');
    expect(result.decidedAt).toBe(at(120_000));
    expect(g.warnings.join('\n')).toMatch(
      /@alice wrote "Approve!" but the comment was edited after it was posted.*post a new comment to approve/,
    );
  });

  it('reads past the first page (Link rel="next"), then narrows with since and confirms a decision on the full list', async () => {
    opens();
    const chatter = Array.from({ length: 150 }, (_, i) =>
      comment(`watcher${i % 5}`, `note ${i}`, 10_000 + i * 1_000),
    );
    const next = `${API}${ISSUE}/comments?per_page=100&page=2`;
    comments()
      .query({ per_page: '100' })
      .reply(200, chatter.slice(0, 100), { etag: '"p1"', link: `<${next}>; rel="next"` });
    comments().query({ per_page: '100', page: '2' }).reply(200, chatter.slice(100), { etag: '"p2"' });
    const since = at(10_000 + 149 * 1_000 - 1_000);
    const approval = comment('alice', 'approve', 400_000);
    comments().query({ per_page: '100', since }).reply(200, chatter.slice(148), { etag: '"s1"' });
    comments().query({ per_page: '100', since }).matchHeader('if-none-match', '"s1"').reply(304, '');
    comments()
      .query({ per_page: '100', since })
      .reply(200, [...chatter.slice(148), approval], { etag: '"s2"' });
    // The confirming full read: unconditional, every page through Link.
    comments()
      .query({ per_page: '100' })
      .reply(200, chatter.slice(0, 100), { link: `<${next}>; rel="next"` });
    comments()
      .query({ per_page: '100', page: '2' })
      .reply(200, [...chatter.slice(100), approval]);
    closes(/Approved\*\* by @alice/, 'completed');
    const result = await gate().result;
    expect(result.status).toBe('approved');
  });

  it('does not approve on a comment deleted before the confirming full read', async () => {
    opens();
    const chatter = Array.from({ length: 101 }, (_, i) => comment('watcher', `note ${i}`, 10_000));
    const next = `${API}${ISSUE}/comments?per_page=100&page=2`;
    comments()
      .query({ per_page: '100' })
      .reply(200, chatter.slice(0, 100), { etag: '"p1"', link: `<${next}>; rel="next"` });
    comments().query({ per_page: '100', page: '2' }).reply(200, chatter.slice(100), { etag: '"p2"' });
    const since = at(9_000);
    const approval = comment('alice', 'approve', 400_000);
    comments()
      .query({ per_page: '100', since })
      .reply(200, chatter, { etag: '"s1"', link: `<${next}&since=x>; rel="next"` });
    comments()
      .query({ per_page: '100', since, page: '2' })
      .reply(200, [chatter[100], approval], { etag: '"s2"' });
    comments()
      .query({ per_page: '100' })
      .reply(200, chatter.slice(0, 100), { link: `<${next}>; rel="next"` });
    comments().query({ per_page: '100', page: '2' }).reply(200, chatter.slice(100)); // approval deleted
    // since moved up to the (deleted) approval; that query is read afresh, then answered 304.
    const later = at(399_000);
    comments().query({ per_page: '100', since: later }).reply(200, [], { etag: '"s3"' });
    github()
      .persist()
      .get(`${ISSUE}/comments`)
      .query({ per_page: '100', since: later })
      .matchHeader('if-none-match', '"s3"')
      .reply(304, '');
    closes(/Timed out/, 'not_planned');
    const result = await gate({ timeoutMs: 180_000 }).result;
    expect(result.status).toBe('timed-out');
  });
  it('a deny seen in the narrowed view is dropped only when a second full read agrees', async () => {
    opens();
    const chatter = Array.from({ length: 101 }, (_, i) => comment('watcher', `note ${i}`, 10_000));
    const next = `${API}${ISSUE}/comments?per_page=100&page=2`;
    const firstPage = () =>
      comments()
        .query({ per_page: '100' })
        .reply(200, chatter.slice(0, 100), { etag: '"p1"', link: `<${next}>; rel="next"` });
    firstPage();
    comments().query({ per_page: '100', page: '2' }).reply(200, chatter.slice(100), { etag: '"p2"' });
    const since = at(9_000);
    const deny = comment('bob', 'no', 400_000);
    comments()
      .query({ per_page: '100', since })
      .reply(200, chatter, { etag: '"s1"', link: `<${next}&since=x>; rel="next"` });
    comments()
      .query({ per_page: '100', since, page: '2' })
      .reply(200, [chatter[100], deny], { etag: '"s2"' });
    // The confirming read misses the deny (a comment on page 1 was deleted between its pages)...
    firstPage();
    comments().query({ per_page: '100', page: '2' }).reply(200, chatter.slice(100));
    // ...the second full read has it.
    firstPage();
    comments().query({ per_page: '100', page: '2' }).reply(200, [chatter[100], deny]);
    closes(/Denied\*\* by @bob/, 'not_planned');
    expect((await gate().result).status).toBe('denied');
  });
});

describe('runIssueGate: waiting hours on a simulated clock', () => {
  it('times out after 6h of 304s: about one free check a minute, five counted calls in all', async () => {
    opens();
    comments()
      .query(true)
      .reply(200, [comment('carol', 'who is on call?', 5_000)], { etag: '"x"' });
    comments().query(true).matchHeader('if-none-match', '"x"').times(362).reply(304, '');
    closes(/Timed out\*\* after 6h 00m with 0 of 1/, 'not_planned');
    const g = gate();
    const result = await g.result;
    expect(result.status).toBe('timed-out');
    expect(result.decidedAt).toBe(at(6 * 3_600_000));
    expect(g.api.stats.notModified).toBe(362);
    expect(g.api.stats.requests - g.api.stats.notModified).toBe(4);
  });
});

describe('runIssueGate: rate limits and errors', () => {
  it('waits for Retry-After on a secondary limit (403) and x-ratelimit-reset on a primary one (429)', async () => {
    opens();
    const times: number[] = [];
    const clock = new FakeClock(START, true);
    const stamp = () => times.push(clock.now() - START);
    comments()
      .query(true)
      .reply(
        () => (
          stamp(),
          [403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '90' }]
        ),
      );
    comments()
      .query(true)
      .reply(() => {
        stamp();
        const reset = String(Math.floor((clock.now() + 300_000) / 1_000));
        return [
          429,
          { message: 'API rate limit exceeded' },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
        ];
      });
    comments()
      .query(true)
      .reply(() => (stamp(), [200, [comment('alice', 'yes', 1_000)]]));
    closes(/Approved/, 'completed');
    const g = gate({}, undefined, clock);
    expect((await g.result).status).toBe('approved');
    expect(times[1]! - times[0]!).toBe(90_000);
    expect(times[2]! - times[1]!).toBe(301_000);
    expect(g.warnings.filter((w) => /rate limited by GitHub/.test(w))).toHaveLength(2);
  });

  it('a rate limit that resets after the timeout waits until the deadline and ends timed-out', async () => {
    opens();
    comments().query(true).reply(200, [], { etag: '"r"' });
    comments()
      .query(true)
      .reply(
        403,
        { message: 'API rate limit exceeded for installation' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(START / 1_000 + 7_200) },
      );
    closes(/Timed out\*\* after 1h 00m with 0 of 1/, 'not_planned');
    const g = gate({ timeoutMs: 3_600_000 });
    const result = await g.result;
    expect(result.status).toBe('timed-out');
    expect(result.decidedAt).toBe(at(3_600_000));
    expect(g.closed).toEqual([7]);
    expect(g.warnings.join('\n')).toMatch(/HTTP 403: API rate limit exceeded.*waits until it/);
  });

  it('a 5xx whose backoff would pass the deadline also ends timed-out, not failed', async () => {
    opens();
    const clock = new FakeClock(START, true);
    comments().query(true).reply(200, [], { etag: '"r"' });
    comments()
      .query(true)
      .reply(() => (void clock.advance(999_500), [502, { message: 'Bad Gateway' }]));
    closes(/Timed out/, 'not_planned');
    const result = await gate({ timeoutMs: 1_000_000 }, undefined, clock).result;
    expect(result.status).toBe('timed-out');
  });

  it('secondary limits without Retry-After in a row wait longer each time (1, 2, 4 min)', async () => {
    opens();
    const times: number[] = [];
    const clock = new FakeClock(START, true);
    const stamp = () => times.push(clock.now() - START);
    const limited = [403, { message: 'You have exceeded a secondary rate limit.' }] as const;
    comments()
      .query(true)
      .times(3)
      .reply(() => (stamp(), [...limited]));
    comments()
      .query(true)
      .reply(() => (stamp(), [200, [comment('alice', 'yes', 1_000)]]));
    closes(/Approved/, 'completed');
    expect((await gate({}, undefined, clock).result).status).toBe('approved');
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(gaps).toEqual([60_000, 120_000, 240_000]);
  });

  it('rides out one 500, but three are an error (not a denial) and the issue says so', async () => {
    opens();
    comments().query(true).reply(500, { message: 'Server Error' });
    comments().query(true).reply(200, [], { etag: '"z"' });
    comments().query(true).times(3).reply(500, { message: 'Server Error' });
    closes(/gate failed\*\* \(this is not a denial\)/, 'not_planned');
    const g = gate();
    await expect(g.result).rejects.toThrow(
      /read the comments of acme\/shop#7 failed with HTTP 500: Server Error/,
    );
    expect(g.closed).toEqual([7]);
  });

  it('tries a dropped connection again', async () => {
    opens();
    comments().query(true).replyWithError('socket hang up');
    comments()
      .query(true)
      .reply(200, [comment('bob', 'approve', 1_000)]);
    closes(/Approved/, 'completed');
    const g = gate();
    expect((await g.result).status).toBe('approved');
    expect(g.warnings.join('\n')).toMatch(/attempt 1 failed \(socket hang up\); trying again/);
  });

  it('a 403 that is not a rate limit fails at once, without retries', async () => {
    opens();
    comments().query(true).reply(403, { message: 'Resource not accessible by integration' });
    closes(/gate failed/, 'not_planned');
    await expect(gate().result).rejects.toThrow(/HTTP 403: Resource not accessible by integration/);
  });
});

describe('runIssueGate: approvers, assignment and cancellation', () => {
  it('refuses a team it cannot read before opening anything', async () => {
    github().get('/orgs/acme/teams/release').reply(404, { message: 'Not Found' });
    await expect(gate({ approvers: [parseApprover('acme/release')] }).result).rejects.toThrow(
      /team @acme\/release was not found, or the token cannot read it/,
    );
  });

  it('checks membership when each vote is read (not once per run), and counts only active members', async () => {
    github().get('/orgs/acme/teams/release').reply(200, { slug: 'release' });
    opens();
    const erin = comment('erin', 'approve', 1_000);
    const erinAgain = comment('erin', 'yes', 2_000);
    // erin's first vote: her invitation is pending; by her second she has joined.
    github().get('/orgs/acme/teams/release/memberships/erin').reply(200, { state: 'pending' });
    github().get('/orgs/acme/teams/release/memberships/erin').reply(200, { state: 'active' });
    comments().query(true).reply(200, [erin], { etag: '"1"' });
    comments().query(true).reply(200, [erin, erinAgain], { etag: '"2"' });
    closes(/Approved\*\* by @erin/, 'completed');
    const g = gate({ approvers: [parseApprover('acme/release')] });
    const result = await g.result;
    expect(result.votes.map((v) => `${v.login} ${v.via} ${v.at}`)).toEqual([
      `erin @acme/release ${at(2_000)}`,
    ]);
    expect(g.warnings.join('\n')).toMatch(/@erin wrote "approve" but is not an approver/);
  });

  it('opens the issue unassigned, with a warning, when an approver cannot be assigned', async () => {
    github()
      .post('/repos/acme/shop/issues', (b: { assignees: string[] }) => b.assignees.length === 2)
      .reply(422, { message: 'Validation Failed', errors: [{ field: 'assignees', code: 'invalid' }] });
    github()
      .post('/repos/acme/shop/issues', (b: { assignees: string[] }) => b.assignees.length === 0)
      .reply(201, { number: 7, html_url: 'https://github.test/acme/shop/issues/7', created_at: at(0) });
    comments()
      .query(true)
      .reply(200, [comment('bob', 'approved', 1_000)]);
    closes(/Approved/, 'completed');
    const g = gate();
    expect((await g.result).status).toBe('approved');
    expect(g.warnings.join('\n')).toMatch(
      /Could not assign alice, bob .*Validation Failed.*opening the issue unassigned/,
    );
  });

  it('a decision stands when the closing comment cannot be posted; each retry first looks whether it landed', async () => {
    opens();
    comments()
      .query(true)
      .reply(200, [comment('alice', 'approve', 1_000)]);
    for (let i = 0; i < 3; i++) {
      github().post(`${ISSUE}/comments`).reply(503, { message: 'Service Unavailable' });
      if (i < 2)
        comments()
          .query({ per_page: '100' })
          .reply(200, [comment('alice', 'approve', 1_000)]);
    }
    const g = gate();
    expect((await g.result).status).toBe('approved');
    expect(g.closed).toEqual([]);
    expect(g.warnings.join('\n')).toMatch(
      /Could not close .*HTTP 503: Service Unavailable.*post step will try again/,
    );
  });

  it('does not post the closing comment twice when the first POST landed but answered 502', async () => {
    opens();
    comments()
      .query(true)
      .reply(200, [comment('alice', 'approve', 1_000)]);
    let posted = '';
    github()
      .post(`${ISSUE}/comments`, (b: { body: string }) => ((posted = b.body), true))
      .reply(502, { message: 'Bad Gateway' });
    comments()
      .query({ per_page: '100' })
      .reply(() => [
        200,
        [comment('alice', 'approve', 1_000), { ...comment('github-actions[bot]', posted) }],
      ]);
    github().patch(ISSUE, { state: 'closed', state_reason: 'completed' }).reply(200, {});
    const g = gate();
    expect((await g.result).status).toBe('approved');
    expect(g.closed).toEqual([7]);
    expect(g.warnings.join('\n')).toMatch(/HTTP 502: Bad Gateway, but it had been done: not repeated/);
  });

  it('on cancellation closes the issue as cancelled and rethrows', async () => {
    opens();
    const controller = new AbortController();
    comments()
      .query(true)
      .reply(() => {
        controller.abort(new CancelledError('SIGINT'));
        return [200, [], { etag: '"c"' }];
      });
    closes(/Cancelled\*\*: the run was cancelled \(SIGINT\)/, 'not_planned');
    const g = gate({}, controller.signal);
    await expect(g.result).rejects.toThrow(CancelledError);
    expect(g.closed).toEqual([7]);
  });
});
