// The install-pipeline command as a user runs it: it installs and ends with the checklist of what
// is still to set, takes a relative --into from the caller's folder, refuses a second run without
// --force (exit 2, nothing changed), and prints usage for --help or a bad flag.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { repoRoot } from '../scripts/lib/actions.js';
import { EXPECTED_FILES, filesIn } from './support/install-target.js';

let into = '';
beforeEach(() => {
  into = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-'));
});
afterEach(() => fs.rmSync(into, { recursive: true, force: true }));

const installed = (rel: string) => fs.readFileSync(path.join(into, rel), 'utf8');

describe('the CLI (tsx scripts/install-pipeline.ts)', () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(
      process.execPath,
      [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/install-pipeline.ts', ...args],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, SHIPLINE_CALLER_CWD: '', INIT_CWD: '', ...env },
      },
    );

  it('installs, ends with the checklist, then refuses a second run with exit code 2 and changes nothing', () => {
    const first = cli(['--shipline', 'acme/shipline', '--into', into, '--aws-region', 'eu-west-1']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('installed Shipline acme/shipline@v1');
    expect(first.stdout).toContain('replace <AWS_ACCOUNT_ID> in');
    expect(first.stdout).toMatch(/note: @v1 moves with every release; pin one with --ref/);
    expect(filesIn(into)).toEqual(EXPECTED_FILES);
    const checklist = first.stdout.slice(first.stdout.indexOf('still to set:'));
    for (const line of [
      '    - STAGING_AWS_ROLE_ARN: aws-role-arn',
      '    - SLACK_WEBHOOK_URL (optional): SLACK_WEBHOOK_URL',
      '    - PAGERDUTY_ROUTING_KEY (optional): PAGERDUTY_ROUTING_KEY',
      '    - PRODUCTION_AWS_ROLE_ARN: the deploy role for production, trusting only repo:OWNER/REPO:environment:production',
      '    - ECR_PUSH_ROLE_ARN: the build role (ECR push only), trusting repo:OWNER/REPO:ref:refs/heads/develop, …/main and …/hotfix/*',
      `    - arn:aws:iam::<AWS_ACCOUNT_ID>:role/${path.basename(into).toLowerCase()}-production-execution: task execution role (.github/task-definitions/production.json)`,
      '  environments: dev, production, staging — reviewers in .github/repository-policy.yml, then',
      `then check it offline: ./dev doctor --app ${path.relative(repoRoot, into)}`,
      `    ./dev configure-repo --repo OWNER/REPO --policy ${into}/.github/repository-policy.yml`,
    ])
      expect(checklist).toContain(line);
    for (const variable of [
      'AWS_REGION',
      'ECR_REPOSITORY',
      'ECS_SERVICE',
      'STAGING_URL',
      'PRODUCTION_ECS_CLUSTER',
    ])
      expect(checklist).toMatch(new RegExp(`    - ${variable}: `));
    const before = installed('.github/workflows/cd.yml');
    const second = cli(['--shipline', 'acme/shipline', '--into', into, '--ref', 'v3']);
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/^install-pipeline: refusing to overwrite/);
    expect(installed('.github/workflows/cd.yml')).toBe(before);
  });

  it("a relative --into is taken from the caller's folder that ./dev passes on", () => {
    const run = cli(['--into', path.basename(into), '--ref', 'v1.4.0'], {
      SHIPLINE_CALLER_CWD: path.dirname(into),
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `installed Shipline shipline/shipline@v1.4.0 into ${path.basename(into)} (${into})`,
    );
    expect(installed('.github/workflows/ci.yml')).toMatch(/reusable-ci\.yml@v1\.4\.0/);
  });

  it('prints usage for --help and fails with usage for a bad flag', () => {
    expect(cli(['--help'])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('Usage: ./dev install-pipeline'),
    });
    expect(cli(['--nope'])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('Usage: ./dev install-pipeline'),
    });
  });
});
