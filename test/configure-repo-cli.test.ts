// `tsx scripts/configure-repo/cli.ts` as a person runs it: a real process talking HTTP to the in-memory
// GitHub on 127.0.0.1. Exit codes, the printed plan, and the token never shown.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '../scripts/lib/actions.js';
import { FakeGitHubSettings } from '@shipline/local-services/github-settings';

const TOKEN = 'ghp_cliSecretToken0123456789';
const scratch = path.join(repoRoot, '.tmp', `configure-repo-${process.pid}`);

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { NODE_OPTIONS: _, GITHUB_TOKEN: __, GH_TOKEN: ___, ...inherited } = process.env;
  const pathVar = `${path.dirname(process.execPath)}${path.delimiter}${inherited.PATH ?? ''}`;
  return new Promise((resolve) => {
    execFile(
      path.join(repoRoot, 'node_modules/.bin/tsx'),
      ['scripts/configure-repo/cli.ts', ...args],
      { cwd: repoRoot, env: { ...inherited, PATH: pathVar, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

let github: FakeGitHubSettings;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  fs.mkdirSync(scratch, { recursive: true });
  github = new FakeGitHubSettings();
  server = await github.listen();
});
afterAll(async () => {
  await server.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('configure-repo CLI', () => {
  it('--help prints the usage and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('usage: pnpm configure-repo --repo owner/name');
  });

  it('--dry-run prints the plan, exits 0, sends only GETs and never shows the token', async () => {
    const policy = path.join(scratch, 'policy.yml');
    fs.writeFileSync(
      policy,
      'branches:\n  main: {}\nenvironments:\n  production:\n    deployment_branches: [main]\n    reviewers: [octocat]\n',
    );
    const result = await cli(
      ['--repo', 'acme/shop', '--policy', policy, '--dry-run', '--api-url', server.url],
      { GH_TOKEN: TOKEN },
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('3 changes for acme/shop:\n  + create environment "production"');
    expect(result.stdout).toContain('dry run: nothing was changed');
    expect(github.requests.length).toBeGreaterThan(3);
    expect(github.writes()).toEqual([]);
    expect(github.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('applies the template a consumer gets, then a second run finds nothing to change', async () => {
    const template = path.join(repoRoot, 'workflows/repository-policy.yml');
    const args = ['--repo', 'acme/shop', '--policy', template, '--api-url', server.url];
    const first = await cli(args, { GITHUB_TOKEN: TOKEN });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('applied 8 changes to acme/shop');
    expect(github.writes()).toHaveLength(8);
    expect(github.rulesetNamed('shipline: hotfix/*')).toMatchObject({
      conditions: { ref_name: { include: ['refs/heads/hotfix/*'], exclude: [] } },
    });
    const second = await cli(args, { GITHUB_TOKEN: TOKEN });
    expect(second).toEqual({
      code: 0,
      stdout: 'acme/shop already follows the policy: no changes.\n',
      stderr: '',
    });
    expect(github.writes()).toHaveLength(8);
  });

  it('exits 2 on a bad policy, naming the field, before any request', async () => {
    const before = github.requests.length;
    const policy = path.join(scratch, 'bad.yml');
    fs.writeFileSync(
      policy,
      'branches:\n  main:\n    pull_request: { required_approving_review_count: 0 }\n',
    );
    const result = await cli(['--repo', 'acme/shop', '--policy', policy, '--api-url', server.url], {
      GITHUB_TOKEN: TOKEN,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "bad.yml:3: 'branches.main.pull_request.required_approving_review_count' is 0",
    );
    expect(github.requests.length).toBe(before);
  });

  it('exits 2 without a token or a repository, and 1 when the token is not an admin', async () => {
    const noToken = await cli(['--repo', 'acme/shop', '--api-url', server.url]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('no token: set GITHUB_TOKEN or GH_TOKEN');
    const noRepo = await cli(['--api-url', server.url], { GITHUB_TOKEN: TOKEN });
    expect(noRepo.code).toBe(2);
    expect(noRepo.stderr).toContain('--repo is missing; e.g. --repo my-org/my-service');
    github.permissions = { admin: false };
    const writes = github.writes().length;
    const notAdmin = await cli(['--repo', 'acme/shop', '--api-url', server.url], { GITHUB_TOKEN: TOKEN });
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.stderr).toContain('the token has no admin rights on acme/shop');
    expect(github.writes()).toHaveLength(writes);
    github.permissions = { admin: true };
  });

  it.each([
    ['http://api.example.com', 'is plain http to api.example.com, which would send the token in clear'],
    ['http://10.0.0.5:8080', 'is plain http to 10.0.0.5'],
    ['http://128.0.0.1', 'is plain http to 128.0.0.1'],
    ['http://user:pw@127.0.0.1', 'carries credentials'],
    ['ftp://api.github.com', 'is ftp: and not https'],
  ])('exits 2 on --api-url %s before any request, naming why', async (url, why) => {
    const before = github.requests.length;
    const result = await cli(['--repo', 'acme/shop', '--api-url', url], { GITHUB_TOKEN: TOKEN });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(why);
    expect(result.stderr).not.toContain('user:pw');
    expect(github.requests.length).toBe(before);
  });

  it('exits 1, not 2, when the token may not read a team reviewer, naming "Members: read"', async () => {
    github.refuseTeams = true;
    const writes = github.writes().length;
    const template = path.join(repoRoot, 'workflows/repository-policy.yml');
    const result = await cli(['--repo', 'acme/shop', '--policy', template, '--api-url', server.url], {
      GITHUB_TOKEN: TOKEN,
    });
    github.refuseTeams = false;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the token needs "Members: read" on the organisation');
    expect(result.stderr).not.toContain('the policy file has problems');
    expect(github.writes()).toHaveLength(writes);
  });
});
