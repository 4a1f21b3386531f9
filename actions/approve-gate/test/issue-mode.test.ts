// The bundled dist/, run as the runner runs it, against a fake GitHub API on 127.0.0.1.
import { describe, expect, it } from '@jest/globals';
import { afterCommentReads, at, commentReads, runGate, SHA, says, withGitHub } from './support.js';

const votes = (json: string | undefined) =>
  (JSON.parse(json ?? '[]') as { login: string; decision: string; via: string }[]).map(
    (v) => `${v.login}:${v.decision}:${v.via}`,
  );

describe('approve-gate issue mode (bundled dist against a local GitHub API)', () => {
  it('is approved by a listed user; the issue says what is deployed and is closed with the outcome', () =>
    withGitHub(async (github) => {
      // Posted once the gate has read the comments twice (the second read, conditional, found
      // nothing new), so that read's 304 happens however slow the machine.
      github.script = [says(afterCommentReads(2), 'Alice', 'LGTM!')];
      const run = await runGate(github, {
        approvers: 'alice, bob',
        environment: 'production',
        version: 'v1.4.2',
        'issue-labels': 'deploy, approval',
      });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.outputs.status).toBe('approved');
      expect(votes(run.outputs.approvers)).toEqual(['alice:approved:@alice']);
      expect(run.outputs['decided-at']).toBe(github.issue.comments[0]?.updated_at);
      const issue = github.issue;
      expect(run.outputs['issue-number']).toBe(String(issue.number));
      expect(run.outputs['issue-url']).toBe(`https://github.test/issues/${issue.number}`);
      expect(issue.title).toBe('Approve deploying v1.4.2 to production (acme/shop)');
      expect(issue.body).toContain(`https://github.com/acme/shop/commit/${SHA}`);
      expect(issue.body).toContain(`https://github.com/acme/shop/compare/${'a'.repeat(40)}...${SHA}`);
      expect(issue.body).toContain('https://github.com/acme/shop/actions/runs/4242');
      expect(issue.body).toMatch(/Requested by \| @dev-dana/);
      expect(issue.assignees).toEqual(['alice', 'bob']);
      expect(issue.labels).toEqual(['deploy', 'approval']);
      expect(issue.state).toBe('closed');
      expect(issue.state_reason).toBe('completed');
      expect(issue.comments.at(-1)?.body).toMatch(/Approved\*\* by @alice/);
      expect(run.summary).toMatch(/approve-gate \(issue\): approved/);
      // Waiting cost: unchanged reads were conditional and answered 304.
      const reads = commentReads(github);
      expect(reads.filter((r) => r.status === 304).length).toBeGreaterThanOrEqual(1);
      expect(reads.filter((r) => r.status === 200).length).toBe(2);
    }));

  it('opens the issue in target-repository, linking back to the run in the current one', () =>
    withGitHub(async (github) => {
      github.script = [says(500, 'alice', 'approve')];
      const run = await runGate(github, { approvers: 'alice', 'target-repository': 'acme/deploy-approvals' });
      expect(run.outputs.status).toBe('approved');
      expect([...github.issues.keys()]).toEqual(['acme/deploy-approvals#1']);
      expect(github.issue.body).toContain('https://github.com/acme/shop/actions/runs/4242');
      expect(github.requests.every((r) => !r.path.startsWith('/repos/acme/shop/'))).toBe(true);
    }));

  it('ignores a vote by someone who is not an approver, with a warning', () =>
    withGitHub(async (github) => {
      github.script = [says(500, 'mallory', 'approve'), says(1_200, 'alice', 'approved')];
      const run = await runGate(github, { approvers: 'alice' });
      expect(run.outputs.status).toBe('approved');
      expect(votes(run.outputs.approvers)).toEqual(['alice:approved:@alice']);
      expect(run.warnings.join('\n')).toMatch(/Not counted: @mallory wrote "approve" but is not an approver/);
    }));

  it('counts a member of a listed team, checked when the comment is read, and not a non-member', () =>
    withGitHub(async (github) => {
      github.team('acme/release', ['carol']);
      github.script = [says(500, 'dave', 'approve'), says(2_000, 'carol', 'Approve.')];
      const run = await runGate(github, { approvers: 'acme/release' });
      expect(run.outputs.status).toBe('approved');
      expect(votes(run.outputs.approvers)).toEqual(['carol:approved:@acme/release']);
      const membership = github.requests.filter((r) => r.path.includes('/memberships/')).map((r) => r.path);
      expect(membership).toEqual([
        '/orgs/acme/teams/release/memberships/dave',
        '/orgs/acme/teams/release/memberships/carol',
      ]);
      expect(run.warnings.join('\n')).toMatch(/@dave wrote "approve" but is not an approver/);
    }));

  it('is denied when an approver denies, even beside an approval; the step fails and says who', () =>
    withGitHub(async (github) => {
      github.script = [
        {
          afterMs: 1_200,
          run: (api, issue) => (api.comment(issue, 'alice', 'yes'), api.comment(issue, 'bob', 'no')),
        },
      ];
      const run = await runGate(github, { approvers: 'alice, bob' });
      expect(run.exitCode).toBe(1);
      expect(run.outputs.status).toBe('denied');
      expect(votes(run.outputs.approvers)).toEqual(['alice:approved:@alice', 'bob:denied:@bob']);
      expect(run.errors.join('\n')).toMatch(/Denied by @bob/);
      expect(github.issue.state_reason).toBe('not_planned');
      expect(github.issue.comments.at(-1)?.body).toMatch(/Denied\*\* by @bob/);
    }));

  it('waits for two distinct approvers when minimum-approvals is 2', () =>
    withGitHub(async (github) => {
      github.script = [
        says(300, 'alice', 'approve'),
        says(600, 'alice', 'approved'),
        says(1_500, 'bob', 'lgtm'),
      ];
      const run = await runGate(github, { approvers: 'alice, bob, carol', 'minimum-approvals': '2' });
      expect(run.outputs.status).toBe('approved');
      expect(votes(run.outputs.approvers)).toEqual(['alice:approved:@alice', 'bob:approved:@bob']);
      const bob = github.issue.comments.find((c) => c.user.login === 'bob');
      expect(run.outputs['decided-at']).toBe(bob?.updated_at);
    }));

  it('does not let the person who started the run approve it', () =>
    withGitHub(async (github) => {
      github.script = [says(500, 'dev-dana', 'approve'), says(1_200, 'alice', 'approve')];
      const run = await runGate(github, { approvers: 'dev-dana, alice' }, { actor: 'dev-dana' });
      expect(votes(run.outputs.approvers)).toEqual(['alice:approved:@alice']);
      expect(run.warnings.join('\n')).toMatch(
        /@dev-dana wrote "approve" but started this run and may not approve it/,
      );
      expect(github.issue.body).toContain('@dev-dana started the run and cannot approve it');
    }));

  it('reads every page: an approval after 150 other comments counts, later checks stay one page', () =>
    withGitHub(async (github) => {
      // The 150 after the first read (none yet); alice after the third, the two-page answer's page 2,
      // so a later check sees her, however slow the machine.
      github.script = [
        at(afterCommentReads(1), (api, issue) => {
          for (let i = 0; i < 150; i++) api.comment(issue, `watcher${i % 7}`, `comment ${i}`);
        }),
        says(afterCommentReads(3), 'alice', 'approve'),
      ];
      const run = await runGate(github, { approvers: 'alice' });
      expect(run.outputs.status).toBe('approved');
      const reads = commentReads(github);
      expect(reads.some((r) => r.query.get('page') === '2' && r.status === 200)).toBe(true);
      // After the two-page answer, checks ask only for what changed since the newest comment.
      expect(reads.some((r) => r.query.has('since'))).toBe(true);
      expect(run.log).toMatch(/Approval by @alice/);
    }));

  it('waits out a secondary rate limit for its Retry-After, then goes on', () =>
    withGitHub(async (github) => {
      github.fail(/^GET .*\/comments$/, {
        status: 403,
        headers: { 'retry-after': '2' },
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        },
      });
      github.script = [says(1_000, 'alice', 'approve')];
      const run = await runGate(github, { approvers: 'alice' });
      expect(run.outputs.status).toBe('approved');
      expect(run.warnings.join('\n')).toMatch(/rate limited by GitHub; trying again in 2s/);
      const reads = commentReads(github);
      expect(reads[0]?.status).toBe(403);
    }));

  it('fails with the API message on a lasting 500, never as a denial, and closes the issue saying so', () =>
    withGitHub(async (github) => {
      const boom = { status: 500, body: { message: 'Server Error: comments are unavailable' } };
      github.fail(/^GET .*\/comments$/, boom, boom, boom);
      const run = await runGate(github, { approvers: 'alice' });
      expect(run.exitCode).toBe(1);
      expect(run.outputs.status).toBeUndefined();
      expect(run.errors.join('\n')).toMatch(/HTTP 500: Server Error: comments are unavailable/);
      expect(run.errors.join('\n')).not.toMatch(/denied/i);
      expect(github.issue.state).toBe('closed');
      expect(github.issue.comments.at(-1)?.body).toMatch(/gate failed\*\* \(this is not a denial\)/);
    }));

  it('times out: status timed-out, the step fails, the issue is closed as timed out', () =>
    withGitHub(async (github) => {
      github.script = [says(500, 'alice', 'let me check the dashboards first')];
      const run = await runGate(github, { approvers: 'alice', timeout: '3s' });
      expect(run.exitCode).toBe(1);
      expect(run.outputs.status).toBe('timed-out');
      expect(run.errors.join('\n')).toMatch(/No decision within 3s: 0 of 1 approval/);
      expect(github.issue.state).toBe('closed');
      expect(github.issue.comments.at(-1)?.body).toMatch(/Timed out\*\* after 3s/);
    }));

  it('closes the issue when the run is cancelled', () =>
    withGitHub(async (github) => {
      // Cancelled at the first check after the issue is open (the fake runs script steps then).
      const cancel = new AbortController();
      github.script = [{ afterMs: 200, run: () => cancel.abort() }];
      const run = await runGate(github, { approvers: 'alice' }, { signal: cancel.signal });
      expect(run.conclusion).toBe('cancelled');
      expect(github.issue.state).toBe('closed');
      expect(github.issue.comments.at(-1)?.body).toMatch(/Cancelled\*\*: the run was cancelled \(SIGINT\)/);
      expect(run.outputs.status).toBeUndefined();
      // It stopped on the SIGINT: the runner's SIGTERM (7.5 s later) was never needed.
      expect(run.stages.find((s) => s.stage === 'main')?.signalsSent).toEqual(['SIGINT']);
      expect(run.errors.join('\n')).toMatch(/The run was cancelled \(SIGINT\)/);
      // main closed it; the post step found nothing left to do
      expect(run.stages.find((s) => s.stage === 'post')?.log).not.toMatch(/Closed/);
    }));

  it('an approval stands when closing fails; the post step closes the issue with the outcome', () =>
    withGitHub(async (github) => {
      const down = { status: 502, body: { message: 'Bad Gateway' } };
      github.fail(/^POST .*\/comments$/, down, down, down);
      github.script = [says(500, 'alice', 'approve')];
      const run = await runGate(github, { approvers: 'alice' });
      expect(run.exitCode).toBe(0);
      expect(run.outputs.status).toBe('approved');
      expect(run.warnings.join('\n')).toMatch(
        /Could not close .*HTTP 502: Bad Gateway.*the post step will try again/,
      );
      expect(github.issue.state).toBe('closed');
      expect(github.issue.state_reason).toBe('completed');
      expect(github.issue.comments.at(-1)?.body).toMatch(/Approved\*\* by @alice/);
      expect(run.stages.find((s) => s.stage === 'post')?.log).toMatch(
        /Closed .* which the main step left open/,
      );
    }));
});
