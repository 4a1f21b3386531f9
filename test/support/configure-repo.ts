// Set-up shared by the configure-repo tests: the policy they apply, the rulesets it makes, and
// configure-repo run against the in-memory GitHub settings API served through nock.
import { beforeEach } from '@jest/globals';
import nock from 'nock';
import { FakeGitHubSettings } from '@shipline/local-services/github-settings';
import { FakeClock } from '@shipline/toolkit';
import { isolateNock } from '@shipline/toolkit/testing';
import { GitHubApi } from '../../scripts/configure-repo/github-settings.js';
import { configureRepo } from '../../scripts/configure-repo/repo-policy-apply.js';
import { parsePolicy } from '../../scripts/configure-repo/repo-policy.js';

export const API = 'https://api.github.test';
export const POLICY = parsePolicy(`
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

/** Serves the fake through nock until nock.cleanAll(); nock 15 hands a reply function the fetch Request. */
export function intercept(fake: FakeGitHubSettings): void {
  const scope = nock(API).persist();
  const reply = async (request: Request) => {
    const url = new URL(request.url);
    const text = await request.text();
    const auth = request.headers.get('authorization') ?? undefined;
    return fake.handle(request.method, url.pathname + url.search, text ? JSON.parse(text) : undefined, auth);
  };
  for (const method of ['get', 'post', 'put', 'delete'] as const) scope[method](/.*/).reply(reply);
}

/** A fresh fake and log before each test; `run` applies a policy (POLICY by default) to acme/shop. */
export function configureRepoTest() {
  const t = {
    github: new FakeGitHubSettings(),
    lines: [] as string[],
    clock: new FakeClock(),
    run: (dryRun = false, policy = POLICY) =>
      configureRepo({
        api: new GitHubApi({
          token: 'ghp_secret',
          apiUrl: API,
          clock: t.clock,
          onRetry: (l) => t.lines.push(`retry: ${l}`),
        }),
        owner: 'acme',
        repo: 'shop',
        policy,
        dryRun,
        log: (line) => t.lines.push(line),
      }),
  };
  isolateNock({ requireAllUsed: false });
  beforeEach(() => {
    t.github = new FakeGitHubSettings();
    t.lines = [];
  });
  return t;
}

export const R = '/repos/acme/shop';
export const pullRequest = (count: number, lastPush: boolean) => ({
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
export const MAIN = ruleset('main', [
  pullRequest(2, true),
  {
    type: 'required_status_checks',
    parameters: {
      strict_required_status_checks_policy: true,
      required_status_checks: [{ context: 'ci / test' }, { context: 'ci / lint', integration_id: 15368 }],
    },
  },
]);
export const DEVELOP = ruleset('develop', [
  pullRequest(1, false),
  {
    type: 'required_status_checks',
    parameters: {
      strict_required_status_checks_policy: false,
      required_status_checks: [{ context: 'ci / test' }],
    },
  },
]);
