// install-pipeline, called as a function and as the CLI: what it writes (templates pointed at the
// given owner/repo@version, task definitions with the seed's sizes, the policy file), that the
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
import {
  fillTemplate,
  InstallError,
  installPipeline,
  parseInstallArgs,
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
  owner: 'acme',
  repo: 'shipline',
  into,
  version: 'v2.1.0',
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
    installPipeline(options({ owner: 'shipline', repo: 'shipline', version: 'v1' }));
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
  const args = (...extra: string[]) => ['--owner', 'acme', '--repo', 'shipline', '--into', into, ...extra];

  it('defaults: version v1, app from the folder name, placeholders for account and region', () => {
    const parsed = parseInstallArgs(args())!;
    expect(parsed).toMatchObject({
      version: 'v1',
      force: false,
      accountId: '<AWS_ACCOUNT_ID>',
      region: '<AWS_REGION>',
    });
    expect(parsed.app).toBe(path.basename(into).toLowerCase());
    expect(parseInstallArgs(args('--version', 'a'.repeat(40), '--force'))).toMatchObject({ force: true });
    expect(parseInstallArgs(['--help'])).toBeUndefined();
  });

  it.each([
    [['--owner=-acme'], /--owner '-acme' is not valid: .*\(e\.g\. --owner acme\)/],
    [['--version', 'main'], /--version 'main' is not valid: .*v1 or v1\.2\.3.*\(e\.g\. --version v1\)/],
    [['--aws-account-id', '12'], /--aws-account-id '12' is not valid: 12 digits/],
    [['--aws-region', 'mars'], /--aws-region 'mars' is not valid/],
    [['--bogus'], /Unknown option '--bogus'[\s\S]*Usage:/],
  ])('%j is refused with the flag, the problem and an example', (extra, message) => {
    expect(() => parseInstallArgs(args(...(extra as string[])))).toThrow(message as RegExp);
  });

  it('needs owner, repo and an existing --into folder', () => {
    expect(() => parseInstallArgs(['--repo', 'x', '--into', into])).toThrow(/--owner is required/);
    expect(() =>
      parseInstallArgs(['--owner', 'acme', '--repo', 'x', '--into', path.join(into, 'nope')]),
    ).toThrow(InstallError);
  });
});

describe('the CLI (tsx scripts/install-pipeline.ts)', () => {
  const cli = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/install-pipeline.ts', ...args],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );

  it('installs, then refuses a second run with exit code 2 and changes nothing', () => {
    const first = cli('--owner', 'acme', '--repo', 'shipline', '--into', into, '--aws-region', 'eu-west-1');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('installed Shipline acme/shipline@v1');
    expect(first.stdout).toContain('replace <AWS_ACCOUNT_ID> in');
    expect(filesIn(into)).toEqual(EXPECTED_FILES);
    const before = installed('.github/workflows/cd.yml');
    const second = cli('--owner', 'acme', '--repo', 'shipline', '--into', into, '--version', 'v3');
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/^install-pipeline: refusing to overwrite/);
    expect(installed('.github/workflows/cd.yml')).toBe(before);
  });

  it('prints usage for --help and fails with usage for a bad flag', () => {
    expect(cli('--help')).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('Usage: pnpm install-pipeline'),
    });
    expect(cli('--nope')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('Usage: pnpm install-pipeline'),
    });
  });
});
