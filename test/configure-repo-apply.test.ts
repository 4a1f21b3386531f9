// configure-repo applying a policy: first apply, no-op re-apply, drift repair, dry run, a branch pattern.
import { describe, expect, it } from '@jest/globals';
import { parsePolicy } from '../scripts/configure-repo/repo-policy.js';
import { configureRepoTest, R, pullRequest, MAIN, DEVELOP, intercept } from './support/configure-repo.js';

const t = configureRepoTest();

describe('configure-repo: applying a policy', () => {
  it('first apply on an empty repository: reads everything, then writes exactly the policy, production first', async () => {
    intercept(t.github);
    const result = await t.run();
    expect(t.github.requests.map((r) => ({ method: r.method, path: r.path, body: r.body }))).toEqual([
      { method: 'GET', path: R },
      { method: 'GET', path: `${R}/rulesets?includes_parents=false&per_page=100&page=1` },
      { method: 'GET', path: `${R}/environments/staging` },
      { method: 'GET', path: `${R}/environments/production` },
      { method: 'GET', path: '/orgs/my-org/teams/release-managers' },
      { method: 'GET', path: '/users/octocat' },
      {
        method: 'PUT',
        path: `${R}/environments/production`,
        body: {
          wait_timer: 10,
          prevent_self_review: true,
          reviewers: [
            { type: 'Team', id: 42 },
            { type: 'User', id: 583231 },
          ],
          deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
        },
      },
      {
        method: 'POST',
        path: `${R}/environments/production/deployment-branch-policies`,
        body: { name: 'main', type: 'branch' },
      },
      {
        method: 'POST',
        path: `${R}/environments/production/deployment-branch-policies`,
        body: { name: 'hotfix/*', type: 'branch' },
      },
      {
        method: 'PUT',
        path: `${R}/environments/staging`,
        body: {
          wait_timer: 0,
          prevent_self_review: false,
          reviewers: [],
          deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
        },
      },
      {
        method: 'POST',
        path: `${R}/environments/staging/deployment-branch-policies`,
        body: { name: 'develop', type: 'branch' },
      },
      { method: 'POST', path: `${R}/rulesets`, body: MAIN },
      { method: 'POST', path: `${R}/rulesets`, body: DEVELOP },
    ]);
    expect(t.github.requests.every((r) => r.authorization === 'token ghp_secret')).toBe(true);
    expect(result).toMatchObject({ applied: 7 });
    expect(t.lines[0]).toBe('7 changes for acme/shop:');
    expect(t.lines).toContain('      reviewers: [my-org/release-managers, octocat]');
    expect(t.lines.at(-1)).toBe('applied 7 changes to acme/shop');
    expect(t.lines.join('\n')).not.toContain('ghp_secret');
  });

  it('a second apply reads the written settings back as the policy and writes nothing', async () => {
    intercept(t.github);
    await t.run();
    const before = t.github.requests.length;
    t.lines = [];
    const again = await t.run();
    expect(again).toEqual({ changes: [], applied: 0 });
    expect(t.github.requests.slice(before).every((r) => r.method === 'GET')).toBe(true);
    expect(t.github.requests.length - before).toBe(10); // repo, ruleset list + 2, 2 environments + their policies, 2 reviewers
    expect(t.lines).toEqual(['acme/shop already follows the policy: no changes.']);
  });

  it('repairs drift: review count, force pushes, an extra branch policy, a deleted environment', async () => {
    intercept(t.github);
    await t.run();
    const main = t.github.rulesetNamed('shipline: main') as {
      rules: { type: string; parameters?: Record<string, unknown> }[];
    };
    main.rules.find((r) => r.type === 'pull_request')!.parameters!.required_approving_review_count = 0;
    const develop = t.github.rulesetNamed('shipline: develop') as { rules: { type: string }[] };
    develop.rules = develop.rules.filter((r) => r.type !== 'non_fast_forward');
    (develop as { enforcement?: string }).enforcement = 'disabled';
    t.github.rulesets.set(7, {
      id: 7,
      name: 'release freeze',
      target: 'branch',
      enforcement: 'active',
      rules: [{ type: 'update' }],
    });
    t.github.rulesets.set(8, {
      id: 8,
      name: 'shipline: legacy',
      target: 'branch',
      enforcement: 'active',
      rules: [],
    });
    t.github.environments
      .get('staging')!
      .policies.push({ id: 99, node_id: 'BP_99', name: 'feature/*', type: 'branch' });
    t.github.environments.delete('production');
    const before = t.github.requests.length;
    t.lines = [];

    await t.run();
    const ids = [main, develop].map((r) => (r as unknown as { id: number }).id);
    expect(t.github.writes().slice(-7)).toEqual([
      `PUT ${R}/environments/production`,
      `POST ${R}/environments/production/deployment-branch-policies`,
      `POST ${R}/environments/production/deployment-branch-policies`,
      `DELETE ${R}/environments/staging/deployment-branch-policies/99`,
      `PUT ${R}/rulesets/${ids[0]}`,
      `PUT ${R}/rulesets/${ids[1]}`,
      `DELETE ${R}/rulesets/8`,
    ]);
    expect(t.github.requests.slice(before).filter((r) => r.method !== 'GET')).toHaveLength(7);
    expect(t.lines).toEqual(
      expect.arrayContaining([
        `  ~ update ruleset "shipline: main" (#${ids[0]})`,
        '      pull_request.required_approving_review_count: 0 → 2',
        '      rule non_fast_forward: off → on',
        '      enforcement: disabled → active',
        '  - remove deployment branch policy "feature/*" from environment "staging"',
        '  + create environment "production"',
      ]),
    );
    expect(t.github.rulesets.get(7)).toMatchObject({ name: 'release freeze' }); // not shipline's: left alone
    expect(t.github.rulesetNamed('shipline: develop')).toMatchObject({ rules: DEVELOP.rules });
    t.lines = [];
    expect(await t.run()).toEqual({ changes: [], applied: 0 });
  });

  it('dry run prints the whole plan and makes GET requests only', async () => {
    intercept(t.github);
    const result = await t.run(true);
    expect(result.changes).toHaveLength(7);
    expect(result.applied).toBe(0);
    expect(t.github.writes()).toEqual([]);
    expect(t.lines.at(-1)).toBe('dry run: nothing was changed');
    expect(t.lines).toContain('  + allow branch "hotfix/*" to deploy to environment "production"');
  });

  it('applies a ruleset for a branch pattern such as hotfix/* and reads it back as the policy', async () => {
    const policy = parsePolicy(
      'branches:\n  hotfix/*:\n    pull_request: { require_last_push_approval: true }\n    allow_deletions: true\n',
    );
    intercept(t.github);
    expect(await t.run(false, policy)).toMatchObject({ applied: 1 });
    expect(t.github.rulesetNamed('shipline: hotfix/*')).toMatchObject({
      enforcement: 'active',
      conditions: { ref_name: { include: ['refs/heads/hotfix/*'], exclude: [] } },
      rules: [{ type: 'non_fast_forward' }, pullRequest(1, true)],
    });
    expect(await t.run(false, policy)).toEqual({ changes: [], applied: 0 });
  });
});
