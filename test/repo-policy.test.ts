// The policy file: defaults, the shipped files, and errors that name the field, its line and a good value.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../scripts/lib/actions.js';
import { parsePolicy, PolicyErrors } from '../scripts/configure-repo/repo-policy.js';

function errorsOf(text: string): string[] {
  try {
    parsePolicy(text, 'policy.yml');
  } catch (error) {
    if (error instanceof PolicyErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  throw new Error('the policy was accepted');
}

describe('parsePolicy', () => {
  it('fills in safe defaults: one approving review, up-to-date branches, no force pushes or deletion', () => {
    const policy = parsePolicy(
      'branches:\n  main: {}\nenvironments:\n  production:\n    reviewers: [octocat]\n',
    );
    expect(policy.branches.get('main')).toEqual({
      pullRequest: {
        required_approving_review_count: 1,
        dismiss_stale_reviews_on_push: true,
        require_code_owner_review: false,
        require_last_push_approval: false,
        required_review_thread_resolution: false,
      },
      statusChecks: { strict: true, checks: [] },
      allowForcePushes: false,
      allowDeletions: false,
    });
    expect(policy.environments.get('production')).toEqual({
      deploymentBranches: undefined,
      reviewers: [{ type: 'User', login: 'octocat' }],
      preventSelfReview: true,
      waitTimerMinutes: 0,
    });
  });

  it('reads the template a consumer gets and this repository own policy', () => {
    for (const file of ['workflows/repository-policy.yml', '.github/repository-policy.yml']) {
      const policy = parsePolicy(fs.readFileSync(path.join(repoRoot, file), 'utf8'), file);
      expect([...policy.branches.keys()]).toEqual(['main', 'develop', 'hotfix/*']);
      expect(policy.environments.get('staging')?.deploymentBranches).toEqual(['develop']);
      const production = policy.environments.get('production');
      expect(production?.deploymentBranches).toEqual(['main', 'hotfix/*']);
      expect(production?.preventSelfReview).toBe(true);
      expect(production?.reviewers.length).toBeGreaterThan(0);
      for (const branch of policy.branches.values()) {
        expect(branch.pullRequest.required_approving_review_count).toBeGreaterThanOrEqual(1);
        expect(branch.statusChecks.checks.length).toBeGreaterThan(0);
        expect(branch).toMatchObject({ allowForcePushes: false });
      }
      // hotfix/* deploys to production: its changes arrive through reviewed pull requests, approved
      // by someone other than the last pusher, after CI (workflows/README.md, "Hotfix branches").
      expect(policy.branches.get('hotfix/*')).toMatchObject({
        pullRequest: { required_approving_review_count: 1, require_last_push_approval: true },
        allowForcePushes: false,
      });
      for (const name of ['main', 'develop'])
        expect(policy.branches.get(name)).toMatchObject({ allowDeletions: false });
      for (const pattern of production?.deploymentBranches ?? [])
        expect({ pattern, protected: policy.branches.has(pattern) }).toEqual({ pattern, protected: true });
    }
  });

  it('reads teams, wait timers as minutes or durations, and checks pinned to an app', () => {
    const policy = parsePolicy(`
branches:
  release/*:
    required_status_checks: { checks: [build, { context: e2e, integration_id: 15368 }] }
environments:
  a: { reviewers: [my-org/release-managers], wait_timer: 1h30m }
  b: { reviewers: [octocat], wait_timer: 15, prevent_self_review: false }
`);
    expect(policy.branches.get('release/*')?.statusChecks.checks).toEqual([
      { context: 'build' },
      { context: 'e2e', integration_id: 15368 },
    ]);
    expect(policy.environments.get('a')).toMatchObject({
      reviewers: [{ type: 'Team', org: 'my-org', slug: 'release-managers' }],
      waitTimerMinutes: 90,
    });
    expect(policy.environments.get('b')).toMatchObject({ waitTimerMinutes: 15, preventSelfReview: false });
  });
});

describe('policy errors', () => {
  it.each([
    [
      'a misspelt key',
      'branches:\n  main:\n    pull_requests: {}\n',
      "policy.yml:3: 'branches.main.pull_requests' is not a known key: use one of pull_request, required_status_checks, allow_force_pushes, allow_deletions. Example of a good value: pull_request: { required_approving_review_count: 1 }",
    ],
    [
      'no approving review',
      'branches:\n  main:\n    pull_request:\n      required_approving_review_count: 0\n',
      "policy.yml:4: 'branches.main.pull_request.required_approving_review_count' is 0: must be a whole number from 1 to 10 (a protected branch needs at least one approving review; GitHub allows up to 10). Example of a good value: 1",
    ],
    [
      'a reviewer that is neither a user nor a team',
      'environments:\n  production:\n    reviewers: [octocat, "my org/Team!"]\n',
      'policy.yml:3: \'environments.production.reviewers.1\' is "my org/Team!": must be a user login or org/team-slug. Example of a good value: octocat',
    ],
    [
      'a wait timer that is not whole minutes',
      'environments:\n  production:\n    wait_timer: 90s\n',
      'policy.yml:3: \'environments.production.wait_timer\' is "90s": must be whole minutes from 0 to 43200 (30 days), as a number of minutes or a duration. Example of a good value: 15m',
    ],
    [
      'self-review prevented without reviewers',
      'environments:\n  production:\n    prevent_self_review: true\n',
      "policy.yml:3: 'environments.production.prevent_self_review' is true but the environment has no reviewers: add reviewers. Example of a good value: reviewers: [octocat]",
    ],
    [
      'no branch allowed to deploy',
      'environments:\n  staging:\n    deployment_branches: []\n',
      "policy.yml:3: 'environments.staging.deployment_branches' is empty: no branch could deploy (leave the key out to allow every branch). Example of a good value: [main]",
    ],
    [
      'a flag that is not a boolean',
      'branches:\n  main:\n    allow_force_pushes: "no"\n',
      'policy.yml:3: \'branches.main.allow_force_pushes\' is "no": must be true or false. Example of a good value: false',
    ],
    [
      'a repeated key',
      'branches:\n  main: {}\n  main: {}\n',
      "policy.yml:3: '(file)' is not valid YAML: Map keys must be unique. Example of a good value: see the header comment of the template",
    ],
    [
      'seven reviewers',
      'environments:\n  production:\n    reviewers: [a, b, c, d, e, f, g]\n',
      "policy.yml:3: 'environments.production.reviewers' has 7 entries: GitHub allows at most 6 users or teams. Example of a good value: [octocat, my-org/release-managers]",
    ],
    [
      'an empty file',
      '',
      "policy.yml: '(top level)' has neither branches nor environments: nothing to configure. Example of a good value: branches: { main: {} }",
    ],
  ])('%s', (_, text, message) => {
    expect(errorsOf(text)).toEqual([message]);
  });

  it('reports every bad field at once', () => {
    const errors = errorsOf(
      'version: 2\nbranches:\n  main:\n    allow_deletions: 1\nenvironments:\n  prod:\n    reviewers: [octocat, octocat]\n    colour: blue\n',
    );
    expect(errors.map((e) => e.split(':').slice(0, 3).join(':'))).toEqual([
      "policy.yml:1: 'version' is 2",
      "policy.yml:4: 'branches.main.allow_deletions' is 1",
      "policy.yml:8: 'environments.prod.colour' is not a known key",
      "policy.yml:7: 'environments.prod.reviewers.1' repeats octocat. Example of a good value",
    ]);
  });
});
