// configure-repo and what the token may do: no admin rights, no write permission, teams it cannot read,
// an unknown reviewer, and the API URL the token may be sent to.
import { describe, expect, it } from '@jest/globals';
import { PolicyError } from '../scripts/configure-repo/repo-policy.js';
import { GitHubApi, PermissionError } from '../scripts/configure-repo/github-settings.js';
import { configureRepoTest, R, intercept } from './support/configure-repo.js';

const t = configureRepoTest();

describe('configure-repo: permissions and unknown reviewers', () => {
  it('a reviewer GitHub does not know is a policy error, found before anything is written', async () => {
    t.github.users.delete('octocat');
    intercept(t.github);
    const failure = await t.run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PolicyError);
    expect((failure as Error).message).toBe(
      "'environments.production.reviewers' names octocat, but GitHub knows no such user. Example of a good value: octocat",
    );
    expect(t.github.writes()).toEqual([]);
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
      t.github.permissions = permissions;
      intercept(t.github);
      await expect(t.run()).rejects.toThrow(PermissionError);
      await expect(t.run()).rejects.toThrow(message);
      expect(t.github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${R}`, `GET ${R}`]);
    },
  );

  it('a token that does not say its permissions (GitHub App installation) is not refused up front', async () => {
    t.github.permissions = 'absent';
    intercept(t.github);
    expect(await t.run()).toMatchObject({ applied: 7 });
  });

  it.each([
    ['an App token (no permissions field)', 'absent' as const],
    ["a fine-grained token of an admin user (admin: true is the user's role)", { admin: true }],
  ])(
    '%s without "Administration: write": the first write is refused, names the permission, nothing else is written',
    async (_, permissions) => {
      t.github.permissions = permissions;
      t.github.refuseWrites = true;
      intercept(t.github);
      const failure = await t.run().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PermissionError);
      expect((failure as Error).message).toMatch(
        /^PUT \/repos\/acme\/shop\/environments\/production failed: 403 Resource not accessible by personal access token.*\nGitHub refused the first change \(create environment "production"\): the token cannot administer acme\/shop; configure-repo needs .*"Administration: read and write".*Nothing was changed$/s,
      );
      expect(t.github.writes()).toEqual([`PUT ${R}/environments/production`]);
      expect(t.github.rulesets.size + t.github.environments.size).toBe(0);
    },
  );

  it('a team reviewer the token may not read is a token-permission error naming "Members: read"', async () => {
    t.github.refuseTeams = true;
    intercept(t.github);
    const failure = await t.run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PermissionError);
    expect(failure).not.toBeInstanceOf(PolicyError);
    expect((failure as Error).message).toContain(
      'GitHub refused to read my-org/release-managers (named in environments.production.reviewers): ' +
        'the token needs "Members: read" on the organisation',
    );
    expect(t.github.writes()).toEqual([]);
  });
});

describe('the API URL the token is sent to', () => {
  it('GitHubApi itself refuses plain http off loopback, before any request', () => {
    expect(() => new GitHubApi({ token: 'ghp_secret', apiUrl: 'http://api.github.test' })).toThrow(
      /plain http to api.github.test, which would send the token in clear/,
    );
  });
});
