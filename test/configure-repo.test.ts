// configure-repo against an in-memory GitHub served through nock: first apply, no-op re-apply,
// drift repair, missing permission, dry run, rate limits and a failure part-way.
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { FakeClock } from '@shipline/toolkit';
import { apiUrlProblem, GitHubApi, PermissionError } from '../scripts/lib/github-settings.js';
import { FakeGitHub } from '../scripts/lib/github-settings-fake.js';
import { configureRepo, PartialApplyError } from '../scripts/lib/repo-policy-apply.js';
import { parsePolicy, PolicyError } from '../scripts/lib/repo-policy.js';
import { isolateNock } from '@shipline/toolkit/testing';

const API = 'https://api.github.test';
const POLICY = parsePolicy(`
branches:
  main:
    pull_request: { required_approving_review_count: 2, require_last_push_approval: true }
    required_status_checks: { checks: [ci / test, { context: ci / lint, integration_id: 15368 }] }
  develop:
    required_status_checks: { strict: false, checks: [ci / test] }
environments:
  staging:
    deployment_branches: [develop]
  production:
    deployment_branches: [main, hotfix/*]
    reviewers: [my-org/release-managers, octocat]
    wait_timer: 10m
`);

let github: FakeGitHub;
let lines: string[];
const clock = new FakeClock();
const run = (dryRun = false, policy = POLICY) =>
  configureRepo({
    api: new GitHubApi({
      token: 'ghp_secret',
      apiUrl: API,
      clock,
      onRetry: (l) => lines.push(`retry: ${l}`),
    }),
    owner: 'acme',
    repo: 'shop',
    policy,
    dryRun,
    log: (line) => lines.push(line),
  });

/** Serves the fake through nock until nock.cleanAll(); nock 15 hands a reply function the fetch Request. */
function intercept(fake: FakeGitHub): void {
  const scope = nock(API).persist();
  const reply = async (request: Request) => {
    const url = new URL(request.url);
    const text = await request.text();
    const auth = request.headers.get('authorization') ?? undefined;
    return fake.handle(request.method, url.pathname + url.search, text ? JSON.parse(text) : undefined, auth);
  };
  for (const method of ['get', 'post', 'put', 'delete'] as const) scope[method](/.*/).reply(reply);
}

isolateNock({ requireAllUsed: false });
beforeEach(() => {
  github = new FakeGitHub();
  lines = [];
});

const R = '/repos/acme/shop';
const pullRequest = (count: number, lastPush: boolean) => ({
  type: 'pull_request',
  parameters: {
    required_approving_review_count: count,
    dismiss_stale_reviews_on_push: true,
    require_code_owner_review: false,
    require_last_push_approval: lastPush,
    required_review_thread_resolution: false,
  },
});
const ruleset = (branch: string, rules: object[]) => ({
  name: `shipline: ${branch}`,
  target: 'branch',
  enforcement: 'active',
  bypass_actors: [],
  conditions: { ref_name: { include: [`refs/heads/${branch}`], exclude: [] } },
  rules: [{ type: 'deletion' }, { type: 'non_fast_forward' }, ...rules],
});
const MAIN = ruleset('main', [
  pullRequest(2, true),
  {
    type: 'required_status_checks',
    parameters: {
      strict_required_status_checks_policy: true,
      required_status_checks: [{ context: 'ci / test' }, { context: 'ci / lint', integration_id: 15368 }],
    },
  },
]);
const DEVELOP = ruleset('develop', [
  pullRequest(1, false),
  {
    type: 'required_status_checks',
    parameters: {
      strict_required_status_checks_policy: false,
      required_status_checks: [{ context: 'ci / test' }],
    },
  },
]);

describe('configure-repo', () => {
  it('first apply on an empty repository: reads everything, then writes exactly the policy, production first', async () => {
    intercept(github);
    const result = await run();
    expect(github.requests.map((r) => ({ method: r.method, path: r.path, body: r.body }))).toEqual([
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
    expect(github.requests.every((r) => r.authorization === 'token ghp_secret')).toBe(true);
    expect(result).toMatchObject({ applied: 7 });
    expect(lines[0]).toBe('7 changes for acme/shop:');
    expect(lines).toContain('      reviewers: [my-org/release-managers, octocat]');
    expect(lines.at(-1)).toBe('applied 7 changes to acme/shop');
    expect(lines.join('\n')).not.toContain('ghp_secret');
  });

  it('a second apply reads the written settings back as the policy and writes nothing', async () => {
    intercept(github);
    await run();
    const before = github.requests.length;
    lines = [];
    const again = await run();
    expect(again).toEqual({ changes: [], applied: 0 });
    expect(github.requests.slice(before).every((r) => r.method === 'GET')).toBe(true);
    expect(github.requests.length - before).toBe(10); // repo, ruleset list + 2, 2 environments + their policies, 2 reviewers
    expect(lines).toEqual(['acme/shop already follows the policy: no changes.']);
  });

  it('repairs drift: review count, force pushes, an extra branch policy, a deleted environment', async () => {
    intercept(github);
    await run();
    const main = github.rulesetNamed('shipline: main') as {
      rules: { type: string; parameters?: Record<string, unknown> }[];
    };
    main.rules.find((r) => r.type === 'pull_request')!.parameters!.required_approving_review_count = 0;
    const develop = github.rulesetNamed('shipline: develop') as { rules: { type: string }[] };
    develop.rules = develop.rules.filter((r) => r.type !== 'non_fast_forward');
    (develop as { enforcement?: string }).enforcement = 'disabled';
    github.rulesets.set(7, {
      id: 7,
      name: 'release freeze',
      target: 'branch',
      enforcement: 'active',
      rules: [{ type: 'update' }],
    });
    github.rulesets.set(8, {
      id: 8,
      name: 'shipline: legacy',
      target: 'branch',
      enforcement: 'active',
      rules: [],
    });
    github.environments
      .get('staging')!
      .policies.push({ id: 99, node_id: 'BP_99', name: 'feature/*', type: 'branch' });
    github.environments.delete('production');
    const before = github.requests.length;
    lines = [];

    await run();
    const ids = [main, develop].map((r) => (r as unknown as { id: number }).id);
    expect(github.writes().slice(-7)).toEqual([
      `PUT ${R}/environments/production`,
      `POST ${R}/environments/production/deployment-branch-policies`,
      `POST ${R}/environments/production/deployment-branch-policies`,
      `DELETE ${R}/environments/staging/deployment-branch-policies/99`,
      `PUT ${R}/rulesets/${ids[0]}`,
      `PUT ${R}/rulesets/${ids[1]}`,
      `DELETE ${R}/rulesets/8`,
    ]);
    expect(github.requests.slice(before).filter((r) => r.method !== 'GET')).toHaveLength(7);
    expect(lines).toEqual(
      expect.arrayContaining([
        `  ~ update ruleset "shipline: main" (#${ids[0]})`,
        '      pull_request.required_approving_review_count: 0 → 2',
        '      rule non_fast_forward: off → on',
        '      enforcement: disabled → active',
        '  - remove deployment branch policy "feature/*" from environment "staging"',
        '  + create environment "production"',
      ]),
    );
    expect(github.rulesets.get(7)).toMatchObject({ name: 'release freeze' }); // not shipline's: left alone
    expect(github.rulesetNamed('shipline: develop')).toMatchObject({ rules: DEVELOP.rules });
    lines = [];
    expect(await run()).toEqual({ changes: [], applied: 0 });
  });

  it('a reviewer GitHub does not know is a policy error, found before anything is written', async () => {
    github.users.delete('octocat');
    intercept(github);
    const failure = await run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PolicyError);
    expect((failure as Error).message).toBe(
      "'environments.production.reviewers' names octocat, but GitHub knows no such user. Example of a good value: octocat",
    );
    expect(github.writes()).toEqual([]);
  });

  it.each([
    [
      'admin: false',
      { admin: false } as const,
      /no admin rights on acme\/shop.*Administration: read and write.*Nothing was changed/s,
    ],
    [
      '403',
      'forbidden' as const,
      /acme\/shop cannot be read with this token \(403\).*Administration: read and write/s,
    ],
  ])(
    'refuses a token without admin rights (%s) before any other request',
    async (_, permissions, message) => {
      github.permissions = permissions;
      intercept(github);
      await expect(run()).rejects.toThrow(PermissionError);
      await expect(run()).rejects.toThrow(message);
      expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${R}`, `GET ${R}`]);
    },
  );

  it('a token that does not say its permissions (GitHub App installation) is not refused up front', async () => {
    github.permissions = 'absent';
    intercept(github);
    expect(await run()).toMatchObject({ applied: 7 });
  });

  it.each([
    ['an App token (no permissions field)', 'absent' as const],
    ["a fine-grained token of an admin user (admin: true is the user's role)", { admin: true }],
  ])(
    '%s without "Administration: write": the first write is refused, names the permission, nothing else is written',
    async (_, permissions) => {
      github.permissions = permissions;
      github.refuseWrites = true;
      intercept(github);
      const failure = await run().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PermissionError);
      expect((failure as Error).message).toMatch(
        /^PUT \/repos\/acme\/shop\/environments\/production failed: 403 Resource not accessible by personal access token.*\nGitHub refused the first change \(create environment "production"\): the token cannot administer acme\/shop; configure-repo needs .*"Administration: read and write".*Nothing was changed$/s,
      );
      expect(github.writes()).toEqual([`PUT ${R}/environments/production`]);
      expect(github.rulesets.size + github.environments.size).toBe(0);
    },
  );

  it('a team reviewer the token may not read is a token-permission error naming "Members: read"', async () => {
    github.refuseTeams = true;
    intercept(github);
    const failure = await run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PermissionError);
    expect(failure).not.toBeInstanceOf(PolicyError);
    expect((failure as Error).message).toContain(
      'GitHub refused to read my-org/release-managers (named in environments.production.reviewers): ' +
        'the token needs "Members: read" on the organisation',
    );
    expect(github.writes()).toEqual([]);
  });

  it('dry run prints the whole plan and makes GET requests only', async () => {
    intercept(github);
    const result = await run(true);
    expect(result.changes).toHaveLength(7);
    expect(result.applied).toBe(0);
    expect(github.writes()).toEqual([]);
    expect(lines.at(-1)).toBe('dry run: nothing was changed');
    expect(lines).toContain('  + allow branch "hotfix/*" to deploy to environment "production"');
  });

  it('waits out a secondary rate limit for as long as Retry-After says', async () => {
    nock(API)
      .get(`${R}/rulesets`)
      .query(true)
      .reply(403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '7' });
    intercept(github);
    const start = clock.now();
    await run();
    expect(clock.now() - start).toBe(7_000);
    expect(lines).toContain(
      `retry: GET ${R}/rulesets?includes_parents=false&per_page=100&page=1: 403 You have exceeded a secondary rate limit; retry 1 in 7s`,
    );
    expect(github.writes()).toHaveLength(7);
  });

  it('a write refused part-way says how much was applied; the next run finishes the rest', async () => {
    const refusal = {
      message: 'Validation Failed',
      errors: [{ resource: 'Environment', field: 'reviewers', code: 'invalid' }],
    };
    nock(API).put(`${R}/environments/staging`).reply(422, refusal);
    intercept(github);
    const failure = await run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PartialApplyError);
    expect((failure as Error).message).toContain(
      'PUT /repos/acme/shop/environments/staging failed: 422 Validation Failed: ' +
        '{"resource":"Environment","field":"reviewers","code":"invalid"}\n' +
        '3 of 7 changes were applied (checked by reading the settings back); configure-repo stopped early.\n' +
        'Still missing (4):\n' +
        '  create environment "staging"\n' +
        '  allow branch "develop" to deploy to environment "staging"\n' +
        '  create ruleset "shipline: main"\n' +
        '  create ruleset "shipline: develop"\n',
    );
    lines = [];
    expect(await run()).toMatchObject({ applied: 4 });
  });

  it('protects production first: a run that fails on its first ruleset leaves production protected and says what is missing', async () => {
    github.faults.set(`POST ${R}/rulesets`, 'before');
    intercept(github);
    const failure = await run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PartialApplyError);
    expect(failure).toMatchObject({
      applied: 5,
      total: 7,
      missing: ['create ruleset "shipline: main"', 'create ruleset "shipline: develop"'],
    });
    expect((failure as Error).message).not.toMatch(/production environment does not have/);
    const production = github.environments.get('production')!;
    expect(production.settings).toMatchObject({ prevent_self_review: true, wait_timer: 10 });
    expect(production.policies.map((p) => p.name)).toEqual(['main', 'hotfix/*']);
  });

  it('a write GitHub applied but answered 500 counts as applied, found by reading the settings back', async () => {
    github.faults.set(`PUT ${R}/environments/production`, 'after');
    intercept(github);
    const failure = await run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PartialApplyError);
    expect(failure).toMatchObject({ applied: 1, total: 7 });
    const message = (failure as Error).message;
    expect(message).toContain(
      'PUT /repos/acme/shop/environments/production failed: 500 Server Error\n' +
        '1 of 7 changes were applied (checked by reading the settings back)',
    );
    expect((failure as PartialApplyError).missing).toEqual([
      'allow branch "main" to deploy to environment "production"',
      'allow branch "hotfix/*" to deploy to environment "production"',
      'create environment "staging"',
      'allow branch "develop" to deploy to environment "staging"',
      'create ruleset "shipline: main"',
      'create ruleset "shipline: develop"',
    ]);
    expect(message).toMatch(/The production environment does not have all its protections yet/);
    expect(github.writes()).toEqual([`PUT ${R}/environments/production`]);
  });

  it('when the settings cannot be read back after a failure, it says so and counts only confirmed writes', async () => {
    // The first branch-policy write fails, and from then on GitHub answers every read with a 503.
    let down = false;
    const scope = nock(API).persist();
    const reply = async (request: Request) => {
      const url = new URL(request.url);
      const text = await request.text();
      if (request.method === 'POST' && url.pathname.endsWith('/deployment-branch-policies')) down = true;
      if (down) return [503, { message: 'Service Unavailable' }] as [number, object];
      return github.handle(request.method, url.pathname + url.search, text ? JSON.parse(text) : undefined);
    };
    for (const method of ['get', 'post', 'put', 'delete'] as const) scope[method](/.*/).reply(reply);
    const failure = await run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PartialApplyError);
    expect(failure).toMatchObject({ applied: 1, total: 7, missing: undefined });
    expect((failure as Error).message).toContain(
      'at least 1 of 7 changes were applied (the settings could not be read back to check the failed one)',
    );
  });

  it('applies a ruleset for a branch pattern such as hotfix/* and reads it back as the policy', async () => {
    const policy = parsePolicy(
      'branches:\n  hotfix/*:\n    pull_request: { require_last_push_approval: true }\n    allow_deletions: true\n',
    );
    intercept(github);
    expect(await run(false, policy)).toMatchObject({ applied: 1 });
    expect(github.rulesetNamed('shipline: hotfix/*')).toMatchObject({
      enforcement: 'active',
      conditions: { ref_name: { include: ['refs/heads/hotfix/*'], exclude: [] } },
      rules: [{ type: 'non_fast_forward' }, pullRequest(1, true)],
    });
    expect(await run(false, policy)).toEqual({ changes: [], applied: 0 });
  });
});

describe('the API URL the token is sent to', () => {
  it.each([
    'https://api.github.com',
    'https://ghe.example.com/api/v3',
    'http://127.0.0.1:8080',
    'http://127.255.0.9',
    'http://[::1]:3000',
    'http://localhost:4000',
    'http://LOCALHOST',
  ])('%s is accepted', (url) => expect(apiUrlProblem(url)).toBeUndefined());

  it.each([
    ['http://api.github.com', /plain http to api.github.com/],
    ['http://127.0.0.1.example.com', /plain http to 127.0.0.1.example.com/],
    ['http://[::2]', /plain http to \[::2\]/],
    ['http://0.0.0.0', /plain http to 0.0.0.0/],
    ['https://user:pw@api.github.com', /carries credentials/],
    ['api.github.com', /is not a URL/],
  ])('%s is refused', (url, problem) => expect(apiUrlProblem(url)).toMatch(problem));

  it('GitHubApi itself refuses plain http off loopback, before any request', () => {
    expect(() => new GitHubApi({ token: 'ghp_secret', apiUrl: 'http://api.github.test' })).toThrow(
      /plain http to api.github.test, which would send the token in clear/,
    );
  });
});
