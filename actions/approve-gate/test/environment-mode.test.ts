// approve-gate environment mode through the bundled dist against a local GitHub API: who approved the environment in the run's review history.
import { describe, expect, it } from '@jest/globals';
import { runGate, withGitHub } from './support.js';

const review = (login: string, state: string, environments: string[]) => ({
  state,
  comment: 'checked the dashboards',
  user: { login },
  environments: environments.map((name, id) => ({ id, name })),
});

describe('approve-gate environment mode (bundled dist against a local GitHub API)', () => {
  it('records who approved the run for the environment', () =>
    withGitHub(async (github) => {
      github.runApprovals = [
        review('staging-sam', 'approved', ['staging']),
        review('Alice', 'approved', ['production']),
      ];
      const run = await runGate(github, { mode: 'environment', environment: 'production' });
      expect(run.errors).toEqual([]);
      expect(run.outputs.status).toBe('approved');
      const votes = JSON.parse(run.outputs.approvers ?? '[]') as { login: string; decision: string }[];
      expect(votes.map((v) => `${v.login}:${v.decision}`)).toEqual(['alice:approved']);
      expect(run.summary).toMatch(/@alice \| approved/);
      expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /repos/acme/shop/actions/runs/4242/approvals',
      ]);
      expect(github.issues.size).toBe(0);
    }));

  it('fails when the run has no approval for the environment', () =>
    withGitHub(async (github) => {
      github.runApprovals = [review('staging-sam', 'approved', ['staging'])];
      const run = await runGate(github, { mode: 'environment', environment: 'production' });
      expect(run.exitCode).toBe(1);
      expect(run.outputs.status).toBeUndefined();
      expect(run.errors.join('\n')).toMatch(/Run 4242 has no approval for environment production/);
    }));

  it('reports a rejection for the environment as denied and fails', () =>
    withGitHub(async (github) => {
      github.runApprovals = [review('alice', 'rejected', ['production', 'staging'])];
      const run = await runGate(github, { mode: 'environment', environment: 'Production' });
      expect(run.exitCode).toBe(1);
      expect(run.outputs.status).toBe('denied');
      expect(run.errors.join('\n')).toMatch(/Deployment to Production was rejected by @alice/);
    }));

  it('does not count an approval by the run initiator or by someone outside the approvers', () =>
    withGitHub(async (github) => {
      github.runApprovals = [
        review('dev-dana', 'approved', ['production']),
        review('eve', 'approved', ['production']),
      ];
      const run = await runGate(
        github,
        { mode: 'environment', environment: 'production', approvers: 'dev-dana, alice' },
        { actor: 'dev-dana' },
      );
      expect(run.exitCode).toBe(1);
      expect(run.warnings.join('\n')).toMatch(/@dev-dana started this run and may not approve it/);
      expect(run.warnings.join('\n')).toMatch(/@eve is not an approver/);
    }));
});
