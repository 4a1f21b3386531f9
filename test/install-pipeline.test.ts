// install-pipeline, called as a function: what it writes (templates pointed at the given
// --shipline repository @ref, task definitions with the seed's sizes, the policy file), that the
// installed workflows still pass GitHub's parser and actionlint and keep the branch strategy, and
// that it refuses to overwrite anything without --force, writing nothing at all. Flags:
// install-pipeline-args.test.ts; the command: install-pipeline-cli.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  parseTaskDefinitionFile,
  renderTaskDefinition,
} from '../packages/ecs/src/task-definition/task-definition.js';
import { repoRoot } from '../scripts/lib/actions.js';
import { fillTemplate, installPipeline, type InstallOptions } from '../scripts/lib/pipeline-install.js';
import { EXPECTED_FILES, filesIn, installOptions } from './support/install-target.js';
import { actionlintFindings, githubWorkflowErrors } from './support/workflow-checkers.js';
import { localWorkflowProvider, type SourceFile } from './support/workflow-files.js';
import { outcomeOf, planEvent } from './support/workflow-runs.js';

let into = '';
beforeEach(() => {
  into = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-'));
});
afterEach(() => fs.rmSync(into, { recursive: true, force: true }));

const installed = (rel: string) => fs.readFileSync(path.join(into, rel), 'utf8');
const options = (extra: Partial<InstallOptions> = {}) => installOptions(into, extra);

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
    // rollback.yml runs the actions itself (its job needs the environment's protection).
    const rollback = installed('.github/workflows/rollback.yml');
    expect(rollback).not.toMatch(/shipline\/shipline/);
    expect([...rollback.matchAll(/uses: (acme\/\S+)/g)].map((m) => m[1])).toEqual([
      'acme/shipline/actions/rollback@v2.1.0',
      'acme/shipline/actions/smoke-test@v2.1.0',
      'acme/shipline/actions/notify-slack@v2.1.0',
    ]);
  });

  it('installs as shipline/shipline itself, and refuses a template reference it cannot rewrite', () => {
    installPipeline(options({ shipline: 'shipline/shipline', ref: 'v1' }));
    expect(installed('.github/workflows/cd.yml')).toMatch(
      /uses: shipline\/shipline\/\.github\/workflows\/reusable-deploy\.yml@v1/,
    );
    expect(() =>
      fillTemplate('jobs:\n  a:\n    uses: shipline/shipline/docs/setup.yml@main\n', options()),
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
      { environment: 'staging', approval: false },
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
