// The vote rules: which words decide, how the votes are tallied, and what the approval issue says.
import { describe, expect, it } from '@jest/globals';
import { ApproverCheck, parseApprover } from '../src/approvers.js';
import { tally } from '../src/decision.js';
import { issueBody } from '../src/issue-text.js';
import { runInfoFrom } from '../src/run-info.js';
import { verdictOf } from '../src/words.js';

const APPROVE = ['approve', 'approved', 'lgtm', 'yes', 'ship it'];
const DENY = ['deny', 'denied', 'no'];

describe('verdictOf', () => {
  it.each([
    ['LGTM!', 'approve'],
    ['  Approved.  ', 'approve'],
    ['yes!!!', 'approve'],
    ['Ship   it!', 'approve'],
    ['No.', 'deny'],
    ['DENIED?', 'deny'],
    ['Approved！', 'approve'],
    ['approve)', 'approve'],
    ['LGTM ~', 'approve'],
    ['yes 👍', 'approve'],
    ['no…', 'deny'],
    ['lgtm, ship it', undefined],
    ['yes but wait for the migration', undefined],
    ['not approved', undefined],
    ['!approve', undefined],
    ['', undefined],
  ])('%j → %s', (body, verdict) => {
    expect(verdictOf(body, APPROVE, DENY)).toBe(verdict);
  });
});

describe('tally', () => {
  const rules = { minimumApprovals: 2, approveWords: APPROVE, denyWords: DENY };
  let id = 0;
  const c = (login: string, body: string, second: number) => ({
    id: ++id,
    login,
    body,
    createdAt: `2026-01-01T00:00:${String(second).padStart(2, '0')}Z`,
    updatedAt: `2026-01-01T00:00:${String(second).padStart(2, '0')}Z`,
    url: `u${id}`,
  });
  const check = (memberOf: Record<string, string[]> = {}) =>
    new ApproverCheck(
      {
        approvers: ['alice', 'bob', 'dana', 'acme/ops'].map(parseApprover),
        initiators: ['dana'],
        allowSelfApproval: false,
      },
      async (org, slug, login) => (memberOf[`${org}/${slug}`] ?? []).includes(login),
    );

  it('counts distinct approvers once, and decides at the vote that reached the minimum', async () => {
    const result = await tally(
      [c('alice', 'yes', 1), c('alice', 'approve', 2), c('bob', 'lgtm', 3)],
      rules,
      check(),
    );
    expect(result.status).toBe('approved');
    expect(result.approvals.map((v) => v.login)).toEqual(['alice', 'bob']);
    expect(result.decidedAt).toBe('2026-01-01T00:00:03Z');
  });

  it('a deny by an approver wins over any number of approvals; a deny by an outsider does nothing', async () => {
    const votes = [c('alice', 'yes', 1), c('bob', 'yes', 2), c('mallory', 'no', 3), c('carol', 'no', 4)];
    expect((await tally(votes.slice(0, 3), rules, check())).status).toBe('approved');
    const denied = await tally(votes, rules, check({ 'acme/ops': ['carol'] }));
    expect(denied.status).toBe('denied');
    expect(denied.denial).toMatchObject({ login: 'carol', via: '@acme/ops' });
  });

  it('the initiator may deny but not approve', async () => {
    const approve = await tally([c('dana', 'yes', 1), c('alice', 'yes', 2)], rules, check());
    expect(approve.status).toBe('pending');
    expect(approve.ignored.map((i) => i.reason)).toEqual([expect.stringMatching(/started this run/)]);
    expect((await tally([c('dana', 'no', 1)], rules, check())).status).toBe('denied');
  });
});

describe('issueBody', () => {
  it('names every initiator (actor and the re-runner) as requester and as unable to approve', () => {
    const github = {
      repo: { owner: 'acme', repo: 'shop' },
      serverUrl: 'https://github.com',
      runId: 1,
      runAttempt: 2,
      action: 'gate',
      sha: 'c0ffee'.padEnd(40, '0'),
      ref: 'refs/heads/main',
      actor: 'Dev-Dana',
      payload: {},
    };
    const run = runInfoFrom(github as unknown as Parameters<typeof runInfoFrom>[0], {
      GITHUB_TRIGGERING_ACTOR: 'rerun-rita',
    });
    const request = {
      environment: 'production',
      version: 'v1',
      approvers: [parseApprover('alice')],
      minimumApprovals: 1,
      approveWords: APPROVE,
      denyWords: DENY,
      allowSelfApproval: false,
      timeoutMs: 3_600_000,
    };
    const body = issueBody(request, run, new Date(0));
    expect(body).toMatch(/Requested by \| @Dev-Dana and @rerun-rita/);
    expect(body).toContain('@Dev-Dana and @rerun-rita started the run and cannot approve it');
  });
});
