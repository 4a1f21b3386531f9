// Review findings (issue #7), through the bundled dist/ against the fake GitHub on 127.0.0.1:
// forged votes by editing, no duplicate issue or comment from a retried POST, summaries in every
// ending, and the timeout against the job and token limits.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import type { FakeComment, FakeGitHubIssues } from '@shipline/local-services/github-issues';
import { at, runGate, says, withGitHub } from './support.js';

const votes = (json: string | undefined) =>
  (JSON.parse(json ?? '[]') as { login: string; decision: string }[]).map((v) => `${v.login}:${v.decision}`);

describe('approve-gate: votes that cannot be forged', () => {
  it("a third party editing an approver's comment into 'approve' does not approve", () =>
    withGitHub(async (github) => {
      github.script = [says(0, 'alice', 'looking at the dashboards')]; // posted as the issue opens
      // mallory (write access) edits alice's comment through the API; GitHub keeps alice as author.
      // As soon as GitHub's whole-second times tell the edit from the post (at most 1 s after the
      // issue opened), so any read of the gate's from then on sees it, however slow the machine.
      const forge = (async () => {
        while (!github.issues.get('acme/shop#1')?.comments[0]) await sleep(20);
        const { id, created_at } = github.issue.comments[0] as FakeComment;
        await sleep(Math.max(0, Date.parse(created_at) + 1_000 - Date.now()) + 50);
        const res = await fetch(`${github.url}/repos/acme/shop/issues/comments/${id}`, {
          method: 'PATCH',
          headers: { authorization: 'token mallorys-token' },
          body: JSON.stringify({ body: 'approve' }),
        });
        expect(res.status).toBe(200);
      })();
      const run = await runGate(github, { approvers: 'alice', timeout: '4s' });
      await forge;
      expect(github.issue.comments[0]?.body).toBe('approve');
      expect(github.issue.comments[0]?.user.login).toBe('alice');
      expect(github.issue.body).toMatch(/in a new comment: an edited comment never approves/);
      expect(run.outputs.status).toBe('timed-out');
      expect(run.warnings.join('\n')).toMatch(
        /@alice wrote "approve" but the comment was edited after it was posted.*post a new comment to approve/,
      );
      expect(github.issue.comments.at(-1)?.body).toMatch(/Timed out/);
    }));

  it('an edited deny still denies; a deleted comment is gone', () =>
    withGitHub(async (github) => {
      github.script = [
        says(300, 'bob', 'hm'),
        says(300, 'alice', 'approve'),
        { afterMs: 1_200, run: (api, issue) => void api.deleteComment(issue.comments[1]!.id) },
        { afterMs: 1_400, run: (api, issue) => api.edit(issue.comments[0]!, 'no') },
      ];
      const run = await runGate(github, { approvers: 'alice, bob', 'minimum-approvals': '2' });
      expect(run.outputs.status).toBe('denied');
      expect(votes(run.outputs.approvers)).toEqual(['bob:denied']);
    }));
});

describe('approve-gate: team membership at the time of each vote', () => {
  const checkedMembership = (github: FakeGitHubIssues) =>
    github.requests.some((r) => r.path.includes('/memberships/'));
  it('someone added to the team while the gate waits counts from their next vote', () =>
    withGitHub(async (github) => {
      github.team('Acme/Release', []); // GitHub matches org and team slugs without regard to case
      github.script = [
        says(300, 'carol', 'approve'),
        // Once the gate has asked about that first vote (404), however slow the machine.
        at(checkedMembership, (api) => void api.teams.get('acme/release')?.add('carol')),
        says(checkedMembership, 'carol', 'approve'),
      ];
      const run = await runGate(github, { approvers: 'acme/release' });
      expect(run.outputs.status).toBe('approved');
      expect(run.outputs['decided-at']).toBe(github.issue.comments[1]?.updated_at);
      const checks = github.requests.filter((r) => r.path.includes('/memberships/'));
      expect(checks.map((r) => r.status)).toEqual([404, 200]);
    }));
});

describe('approve-gate: a POST is never repeated blindly', () => {
  it('the create answers 502 after opening the issue: the gate adopts it, one issue, closed at the end', () =>
    withGitHub(async (github) => {
      github.fail(/^POST .*\/issues$/, {
        status: 502,
        afterHandling: true,
        body: { message: 'Bad Gateway' },
      });
      github.script = [says(500, 'alice', 'approve')];
      const run = await runGate(github, { approvers: 'alice', 'issue-labels': 'deploy' });
      expect(run.outputs.status).toBe('approved');
      expect(github.issues.size).toBe(1);
      expect(github.issue.state).toBe('closed');
      expect(github.issue.body).toContain('<!-- approve-gate:acme/shop/4242/1/');
      expect(run.outputs['issue-number']).toBe(String(github.issue.number));
      expect(run.warnings.join('\n')).toMatch(/HTTP 502: Bad Gateway, but it had been done: not repeated/);
    }));

  it('a create that failed before doing anything is tried again: still one issue', () =>
    withGitHub(async (github) => {
      github.fail(/^POST .*\/issues$/, { status: 503, body: { message: 'Service Unavailable' } });
      github.script = [says(500, 'alice', 'approve')];
      const run = await runGate(github, { approvers: 'alice' });
      expect(run.outputs.status).toBe('approved');
      expect(github.issues.size).toBe(1);
      expect(run.warnings.join('\n')).toMatch(/it had not been done: trying again/);
    }));

  it('cancelled while the create is in flight: the post step finds the issue by its marker and closes it', () =>
    withGitHub(async (github) => {
      github.fail(/^POST .*\/issues$/, { status: 201, afterHandling: true, delayMs: 20_000 });
      // Cancelled once the fake has opened the issue and holds back its answer: the create is in flight.
      const cancel = new AbortController();
      const cancelInFlight = (async () => {
        while (github.issues.size === 0 && !cancel.signal.aborted) await sleep(20);
        cancel.abort();
      })();
      const run = await runGate(github, { approvers: 'alice' }, { signal: cancel.signal }).finally(() =>
        cancel.abort(),
      );
      await cancelInFlight;
      expect(run.conclusion).toBe('cancelled');
      expect(github.issues.size).toBe(1);
      expect(github.issue.state).toBe('closed');
      expect(github.issue.comments.map((c) => c.body)).toEqual([
        expect.stringMatching(/Cancelled\*\*: the job ended before the gate could record a decision/),
      ]);
      expect(run.stages.find((s) => s.stage === 'post')?.log).toMatch(
        /Closed .* which the main step left open/,
      );
      expect(run.summary).toMatch(/approve-gate \(issue\): cancelled/);
      expect(run.summary).toMatch(/opening the approval issue/);
    }));
});

describe('approve-gate: summaries, initiators and limits', () => {
  it('writes the summary on an API error too: how far it got and the issue', () =>
    withGitHub(async (github) => {
      const boom = { status: 500, body: { message: 'Server Error' } };
      github.fail(/^GET .*\/comments$/, boom, boom, boom);
      const run = await runGate(github, { approvers: 'alice' });
      expect(run.exitCode).toBe(1);
      expect(run.summary).toMatch(/approve-gate \(issue\): failed/);
      expect(run.summary).toMatch(/waiting for a decision/);
      expect(run.summary).toContain(
        `[#${github.issue.number}](https://github.test/issues/${github.issue.number})`,
      );
    }));

  it('assigns a duplicated approver once (alice, @Alice)', () =>
    withGitHub(async (github) => {
      github.script = [says(300, 'alice', 'approve')];
      const run = await runGate(github, { approvers: 'alice, @Alice, bob' });
      expect(run.outputs.status).toBe('approved');
      expect(github.issue.assignees).toEqual(['alice', 'bob']);
    }));

  it('warns on GitHub-hosted runners when timeout reaches the 6h job limit', () =>
    withGitHub(async (github) => {
      github.script = [says(300, 'alice', 'approve')];
      const run = await runGate(github, { approvers: 'alice', timeout: '6h' });
      expect(run.outputs.status).toBe('approved');
      expect(run.warnings.join('\n')).toMatch(
        /timeout is 6h 00m.*set the job's timeout-minutes above it, and keep it under 6h on GitHub-hosted runners/,
      );
    }));

  it('accepts more than 24h with a token given explicitly (not the workflow token)', () =>
    withGitHub(async (github) => {
      github.script = [says(300, 'alice', 'approve')];
      const pat = 'ghp_explicitLongLivedToken0123456789';
      const run = await runGate(
        github,
        { approvers: 'alice', timeout: '2d', token: pat },
        { secrets: [pat] },
      );
      expect(run.errors).toEqual([]);
      expect(run.outputs.status).toBe('approved');
    }));
});
