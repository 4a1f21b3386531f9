// configure-repo when GitHub limits or fails: rate limits waited out, a failure part-way (what was
// applied, read back), production protected first.
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { PartialApplyError } from '../scripts/configure-repo/repo-policy-apply.js';
import { configureRepoTest, API, R, intercept } from './support/configure-repo.js';

const t = configureRepoTest();

describe('configure-repo: rate limits and failures part-way', () => {
  it('waits out a secondary rate limit for as long as Retry-After says', async () => {
    nock(API)
      .get(`${R}/rulesets`)
      .query(true)
      .reply(403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '7' });
    intercept(t.github);
    const start = t.clock.now();
    await t.run();
    expect(t.clock.now() - start).toBe(7_000);
    expect(t.lines).toContain(
      `retry: GET ${R}/rulesets?includes_parents=false&per_page=100&page=1: 403 You have exceeded a secondary rate limit; retry 1 in 7s`,
    );
    expect(t.github.writes()).toHaveLength(7);
  });

  it('a write refused part-way says how much was applied; the next run finishes the rest', async () => {
    const refusal = {
      message: 'Validation Failed',
      errors: [{ resource: 'Environment', field: 'reviewers', code: 'invalid' }],
    };
    nock(API).put(`${R}/environments/staging`).reply(422, refusal);
    intercept(t.github);
    const failure = await t.run().catch((e: unknown) => e);
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
    t.lines = [];
    expect(await t.run()).toMatchObject({ applied: 4 });
  });

  it('protects production first: a run that fails on its first ruleset leaves production protected and says what is missing', async () => {
    t.github.faults.set(`POST ${R}/rulesets`, 'before');
    intercept(t.github);
    const failure = await t.run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PartialApplyError);
    expect(failure).toMatchObject({
      applied: 5,
      total: 7,
      missing: ['create ruleset "shipline: main"', 'create ruleset "shipline: develop"'],
    });
    expect((failure as Error).message).not.toMatch(/production environment does not have/);
    const production = t.github.environments.get('production')!;
    expect(production.settings).toMatchObject({ prevent_self_review: true, wait_timer: 10 });
    expect(production.policies.map((p) => p.name)).toEqual(['main', 'hotfix/*']);
  });

  it('a write GitHub applied but answered 500 counts as applied, found by reading the settings back', async () => {
    t.github.faults.set(`PUT ${R}/environments/production`, 'after');
    intercept(t.github);
    const failure = await t.run().catch((e: unknown) => e);
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
    expect(t.github.writes()).toEqual([`PUT ${R}/environments/production`]);
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
      return t.github.handle(request.method, url.pathname + url.search, text ? JSON.parse(text) : undefined);
    };
    for (const method of ['get', 'post', 'put', 'delete'] as const) scope[method](/.*/).reply(reply);
    const failure = await t.run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PartialApplyError);
    expect(failure).toMatchObject({ applied: 1, total: 7, missing: undefined });
    expect((failure as Error).message).toContain(
      'at least 1 of 7 changes were applied (the settings could not be read back to check the failed one)',
    );
  });
});
