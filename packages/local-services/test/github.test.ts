// The GitHub stand-in the rehearsal uses, proven against the real consumer: approve-gate's bundled dist.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { expectNoLeaks, runAction } from '@shipline/action-harness';
import { startGitHub, type GitHubStandIn } from '../src/github.js';

const approveGate = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../actions/approve-gate',
);
const context = (github: GitHubStandIn) => ({
  repository: 'acme/shop',
  actor: 'dev-on-call',
  runId: 77,
  apiUrl: github.url,
});

let github: GitHubStandIn | undefined;
afterEach(() => github?.close());

describe('GitHub stand-in', () => {
  it("records the environment reviewer's approval of a run, as approve-gate's environment mode reads it", async () => {
    const events: string[] = [];
    github = await startGitHub({ approver: 'release-manager', onEvent: (line) => events.push(line) });
    const before = await runAction({
      actionDir: approveGate,
      inputs: { mode: 'environment', environment: 'production' },
      context: context(github),
    });
    expect(before.exitCode).toBe(1);
    github.reviewDeployment(77, 'production');
    const after = await runAction({
      actionDir: approveGate,
      inputs: { mode: 'environment', environment: 'production' },
      context: context(github),
    });
    expect(after.exitCode).toBe(0);
    expect(after.outputs.status).toBe('approved');
    expect(JSON.parse(after.outputs.approvers!)).toEqual([
      expect.objectContaining({ login: 'release-manager' }),
    ]);
    expect(events).toEqual([
      'github: @release-manager approved the deployment to production (required reviewers)',
    ]);
    expectNoLeaks(after);
  });

  it('opens an approval issue, answers it as the approver, and is closed by approve-gate', async () => {
    github = await startGitHub({ approver: 'release-manager', answerAfterMs: 2_500 });
    const run = await runAction({
      actionDir: approveGate,
      inputs: {
        mode: 'issue',
        approvers: 'release-manager',
        environment: 'production',
        'poll-interval': '1s',
      },
      context: context(github),
    });
    expect(run.outputs.status).toBe('approved');
    expect(run.exitCode).toBe(0);
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.state).toBe('closed');
    expect(github.issues[0]!.comments.map((c) => c.login)).toContain('release-manager');
    // While nobody has answered, polling asks with If-None-Match and is answered 304.
    expect(github.notModified).toBeGreaterThan(0);
  });

  it('refuses requests without a token, as GitHub does', async () => {
    github = await startGitHub({ approver: 'someone' });
    const response = await fetch(`${github.url}/repos/acme/shop/actions/runs/1/approvals`);
    expect(response.status).toBe(401);
  });
});
