// ./dev doctor's checks on an application repository installed by install-pipeline: clean when
// everything agrees, and each kind of mistake found offline with where it is and how to fix it
// (the command itself: doctor-cli.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { diagnose } from '../scripts/doctor/diagnose.js';
import { readDockerfile } from '../scripts/doctor/dockerfile.js';
import type { Finding } from '../scripts/doctor/findings.js';
import { readSettingsFile } from '../scripts/doctor/settings-checks.js';
import { repoRoot } from '../scripts/lib/actions.js';
import { DOCKERFILE, editFile, installedApp, VARIABLES } from './support/doctor-app.js';

let app = '';
beforeEach(() => {
  app = installedApp();
});
afterEach(() => fs.rmSync(app, { recursive: true, force: true }));

const edit = (rel: string, change: (text: string) => string) => editFile(app, rel, change);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const editJson = (rel: string, change: (td: Json) => void) =>
  edit(rel, (text) => {
    const td = JSON.parse(text) as Record<string, unknown>;
    change(td);
    return JSON.stringify(td);
  });
const lines = (findings: Finding[], level?: Finding['level']) =>
  findings.filter((f) => !level || f.level === level).map((f) => `${f.where}: ${f.message} | ${f.fix ?? ''}`);

describe('doctor', () => {
  it('finds nothing wrong in a fresh install pinned to a release, with a matching Dockerfile and settings', () => {
    expect(
      lines(
        diagnose(app, repoRoot, new Map(Object.entries(VARIABLES)), new Map([['SLACK_WEBHOOK_URL', '']])),
      ),
    ).toEqual([
      'secrets: pagerduty: true but PAGERDUTY_ROUTING_KEY is not set: nobody is paged when production is left down | gh secret set PAGERDUTY_ROUTING_KEY',
    ]);
  });

  it('a floating ref is a warning naming the call; a SHA without its release comment a note', () => {
    edit('.github/workflows/cd.yml', (t) => t.replaceAll('@v1.4.0', '@v1'));
    edit('.github/workflows/ci.yml', (t) => t.replace('@v1.4.0', `@${'a'.repeat(40)}`));
    const found = lines(diagnose(app, repoRoot));
    expect(found).toContain(
      '.github/workflows/cd.yml deploy-staging: acme/shipline/.github/workflows/reusable-deploy.yml@v1 is not pinned: @v1 moves | pin a release tag (v1.4.0) or its commit SHA; docs/versioning.md shows Dependabot keeping it fresh',
    );
    expect(found.join('\n')).toMatch(/ci\.yml ci: .*@a{40} has no '# vX\.Y\.Z' comment/);
    expect(found.join('\n')).toMatch(
      /Shipline is used at acme\/shipline@v1, acme\/shipline@a{40}, acme\/shipline@v1\.4\.0 \| use one repository at one release everywhere/,
    );
  });

  it('a Shipline action used as a step is held to the same pinning', () => {
    fs.writeFileSync(
      path.join(app, '.github/workflows/tidy.yml'),
      'on: workflow_dispatch\npermissions: {}\njobs:\n  tidy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/shipline/actions/rollback@main\n        with:\n          service: web\n',
    );
    expect(lines(diagnose(app, repoRoot), 'warning')).toContain(
      '.github/workflows/tidy.yml tidy: acme/shipline/actions/rollback@main is not pinned: @main moves | pin a release tag (v1.4.0) or its commit SHA; docs/versioning.md shows Dependabot keeping it fresh',
    );
    fs.rmSync(path.join(app, '.github/workflows'), { recursive: true });
    expect(lines(diagnose(app, repoRoot), 'error')[0]).toMatch(
      /^\.github\/workflows: no workflow uses Shipline/,
    );
  });

  it("the Dockerfile's EXPOSE and HEALTHCHECK must agree with the task definition", () => {
    edit('Dockerfile', (t) =>
      t.replace('EXPOSE 3000', 'EXPOSE 8080').replace("3000/health'", "3000/healthz'"),
    );
    const found = lines(diagnose(app, repoRoot), 'error');
    expect(found).toEqual([
      "Dockerfile: EXPOSE 8080 but the task definition's container app listens on 3000 (.github/task-definitions/dev.json) | EXPOSE 3000, or change containerPort, PORT and the health check together",
    ]);
    expect(lines(diagnose(app, repoRoot), 'warning').join('\n')).toMatch(
      /Dockerfile: HEALTHCHECK checks \/healthz but the task definition checks \/health .*ECS runs only the task definition's/,
    );
  });

  it('the health check, PORT and the port mapping are one port; curl in a slim image is a warning', () => {
    editJson('.github/task-definitions/production.json', (td) => {
      td.containerDefinitions[0].healthCheck.command = [
        'CMD-SHELL',
        'curl -f http://localhost:8080/health || exit 1',
      ];
      td.containerDefinitions[0].environment.find((e: { name: string }) => e.name === 'PORT').value = '8080';
    });
    const found = lines(diagnose(app, repoRoot)).join('\n');
    expect(found).toMatch(
      /production\.json: container app maps port 3000 but sets PORT=8080 \| make them one port \(PORT=3000\)/,
    );
    expect(found).toMatch(
      /production\.json: the health check calls port 8080 but container app listens on 3000/,
    );
    expect(found).toMatch(
      /production\.json: the health check runs curl, which node:24-slim images do not carry/,
    );
  });

  it('placeholders, malformed role ARNs, a missing execution role or container, unreadable JSON', () => {
    edit('.github/task-definitions/staging.json', (t) => t.replaceAll('123456789012', '<AWS_ACCOUNT_ID>'));
    editJson('.github/task-definitions/production.json', (td) => {
      td.taskRoleArn = 'arn:aws:iam::12345:role/x';
      delete td.executionRoleArn;
    });
    const found = lines(diagnose(app, repoRoot), 'error').join('\n');
    expect(found).toMatch(/staging\.json: <AWS_ACCOUNT_ID> is still a placeholder \| replace it/);
    expect(found).not.toMatch(/staging\.json: executionRoleArn/);
    expect(found).toMatch(
      /production\.json: taskRoleArn 'arn:aws:iam::12345:role\/x' is not a role ARN \| write it like arn:aws:iam::123456789012:role\//,
    );
    expect(found).toMatch(/production\.json: no executionRoleArn: Fargate needs it/);
    editJson('.github/task-definitions/production.json', (td) => (td.containerDefinitions[0].name = 'web'));
    expect(lines(diagnose(app, repoRoot), 'error').join('\n')).toMatch(
      /production\.json: no container named app: deploy-ecs sets that container's image \| name the application's container app, or pass container-name/,
    );
    edit('.github/task-definitions/production.json', () => '{ nope');
    expect(lines(diagnose(app, repoRoot), 'error').join('\n')).toMatch(/production\.json is not valid JSON/);
  });

  it('variables: required ones set and shaped like what their input takes; required inputs passed', () => {
    const vars = new Map(
      Object.entries({ ...VARIABLES, STAGING_URL: 'staging.shop', AWS_REGION: 'Ireland' }),
    );
    vars.delete('PRODUCTION_ECS_CLUSTER');
    vars.set('ECR_PUSH_ROLE_ARN', 'shop-build');
    vars.set('ECR_REPOSITORY', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:latest');
    const found = lines(diagnose(app, repoRoot, vars), 'error').join('\n');
    expect(found).toMatch(
      /variables: PRODUCTION_ECS_CLUSTER is not set \(cd\.yml deploy-production: cluster \(required\); hotfix\.yml deploy-production: cluster \(required\)\) \| gh variable set PRODUCTION_ECS_CLUSTER/,
    );
    expect(found).toMatch(
      /variables: ECR_PUSH_ROLE_ARN='shop-build' is not a role ARN \(feeds aws-build-role-arn\) \| e\.g\. arn:aws:iam::123456789012:role\//,
    );
    expect(found).toMatch(
      /variables: STAGING_URL='staging\.shop' is not an http\(s\) URL \(feeds smoke-url\)/,
    );
    expect(found).toMatch(
      /variables: AWS_REGION='Ireland' is not an AWS region \(feeds aws-region\) \| e\.g\. eu-west-1/,
    );
    expect(found).toMatch(/ECR_REPOSITORY='.*:latest' is a tag or digest, not a repository/);
    edit('.github/workflows/cd.yml', (t) =>
      t.replace(/\n {6}cluster: \$\{\{ vars\.STAGING_ECS_CLUSTER \}\}/, ''),
    );
    expect(lines(diagnose(app, repoRoot), 'error')).toContain(
      '.github/workflows/cd.yml deploy-staging: reusable-deploy.yml needs input cluster, which the call does not pass | add with: cluster: …',
    );
  });

  it('reads gh JSON exports and NAME=value lines', () => {
    const json = path.join(app, 'vars.json');
    fs.writeFileSync(json, JSON.stringify([{ name: 'A', value: '1', updatedAt: 'x' }]));
    expect([...readSettingsFile(json)]).toEqual([['A', '1']]);
    const env = path.join(app, 'vars.env');
    fs.writeFileSync(env, '# mine\nA=1\nB = two=2\nSECRET_ONLY\n');
    expect([...readSettingsFile(env)]).toEqual([
      ['A', '1'],
      ['B', 'two=2'],
      ['SECRET_ONLY', ''],
    ]);
  });

  it('reads the last stage of a Dockerfile, continuation lines joined', () => {
    expect(readDockerfile(DOCKERFILE)).toMatchObject({
      exposed: [3000],
      healthCheck: { port: 3000, path: '/health' },
    });
    expect(readDockerfile('FROM a\nEXPOSE 80/tcp \\\n  443\nHEALTHCHECK NONE\n')).toEqual({
      exposed: [80, 443],
    });
  });
});
