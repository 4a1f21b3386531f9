// ./dev iam-policy documents: every role's policies valid IAM JSON naming exactly its listed calls,
// resources scoped, trust policies for the right OIDC subjects; the command prints them.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { ROLES, callsOf, type Role } from '../scripts/iam-policy/aws-calls.js';
import { parseIamArgs } from '../scripts/iam-policy/args.js';
import { repoRoot } from '../scripts/iam-policy/code-calls.js';
import { identityPolicy } from '../scripts/iam-policy/policy.js';
import type { PolicyDocument, Statement } from '../scripts/iam-policy/policy-types.js';
import { trustPolicy } from '../scripts/iam-policy/trust.js';
import { validatePolicy } from '../scripts/iam-policy/validate.js';

const words = (line: string) => line.split(' ');
const BASE = ['--account', '123456789012', '--region', 'eu-west-1'];
const FULL: Record<Role, string[]> = {
  build: [...BASE, '--repo', 'acme/shop', '--ecr-repository', 'shop'],
  deploy: [
    ...BASE,
    ...words('--repo acme/shop --environment production --cluster prod --services web,worker'),
  ],
  'task-execution': [...BASE, '--ecr-repository', 'shop', '--families', 'shop-production'],
  'run-task': [
    ...BASE,
    ...words('--repo acme/shop --environment production --cluster prod --families shop-migrate'),
  ],
};
const request = (role: Role, extra: string[] = []) =>
  parseIamArgs(['--role', role, ...FULL[role], ...extra], {});
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const statementFor = (doc: PolicyDocument, action: string): Statement =>
  doc.Statement.find((s) => list(s.Action).includes(action))!;

describe('iam-policy documents', () => {
  it.each(ROLES)('%s: valid IAM JSON, known actions, exactly the calls of the list', (role) => {
    const r = request(
      role,
      role === 'task-execution'
        ? words(
            '--secrets arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCd --ssm-parameters /shop/key',
          )
        : [],
    );
    const permissions = identityPolicy(role, r.scope);
    expect(validatePolicy(permissions, 'identity')).toEqual([]);
    expect(validatePolicy(trustPolicy(role, r.scope, r.trust), 'trust')).toEqual([]);
    const granted = permissions.Statement.flatMap((s) => list(s.Action)).sort();
    expect(granted).toEqual([...new Set(callsOf(role).map((c) => c.action))].sort());
  });

  it('deploy: services, deployments and revisions scoped to the cluster and services; * only where AWS needs it', () => {
    const doc = identityPolicy('deploy', request('deploy').scope);
    expect(statementFor(doc, 'ecs:UpdateService').Resource).toEqual([
      'arn:aws:ecs:eu-west-1:123456789012:service/prod/web',
      'arn:aws:ecs:eu-west-1:123456789012:service/prod/worker',
    ]);
    expect(list(statementFor(doc, 'ecs:StopServiceDeployment').Resource)).toContain(
      'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/*',
    );
    expect(statementFor(doc, 'ecs:ListTasks').Condition).toEqual({
      ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' },
    });
    const anywhere = doc.Statement.filter((s) => s.Resource === '*' && !s.Condition).flatMap((s) =>
      list(s.Action),
    );
    expect(anywhere.sort()).toEqual([
      'ecs:DeregisterTaskDefinition',
      'ecs:DescribeTaskDefinition',
      'ecs:ListTaskDefinitions',
      'ecs:RegisterTaskDefinition',
    ]);
    expect(statementFor(doc, 'iam:PassRole').Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    });
  });

  it('build: ECR push and cache pulls on the repository only, the token on *', () => {
    const doc = identityPolicy('build', request('build').scope);
    expect(statementFor(doc, 'ecr:GetAuthorizationToken').Resource).toBe('*');
    const repo = statementFor(doc, 'ecr:PutImage');
    expect(repo.Resource).toBe('arn:aws:ecr:eu-west-1:123456789012:repository/shop');
    expect(list(repo.Action)).toEqual(
      expect.arrayContaining(['ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage']),
    );
  });

  it('task-execution: pulls, log group creation and writing; secrets only when given', () => {
    const plain = identityPolicy('task-execution', request('task-execution').scope);
    const actions = plain.Statement.flatMap((s) => list(s.Action));
    expect(actions).toEqual(
      expect.arrayContaining([
        'ecr:GetDownloadUrlForLayer',
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ]),
    );
    expect(actions).not.toContain('secretsmanager:GetSecretValue');
    expect(statementFor(plain, 'logs:CreateLogGroup').Resource).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/shop-production',
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/shop-production:*',
    ]);
  });

  it('trust: the environment subject for deploy (StringEquals), the branches for build (StringLike), ECS for execution', () => {
    const deploy = request('deploy');
    const d = trustPolicy('deploy', deploy.scope, deploy.trust).Statement[0]!;
    expect(d.Principal).toEqual({
      Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    });
    expect(d.Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': 'repo:acme/shop:environment:production',
      },
    });
    const build = request('build');
    const b = trustPolicy('build', build.scope, build.trust).Statement[0]!;
    expect(b.Condition?.StringLike).toEqual({
      'token.actions.githubusercontent.com:sub': [
        'repo:acme/shop:ref:refs/heads/main',
        'repo:acme/shop:ref:refs/heads/develop',
        'repo:acme/shop:ref:refs/heads/hotfix/*',
      ],
    });
    const exec = request('task-execution');
    expect(trustPolicy('task-execution', exec.scope, exec.trust).Statement[0]!.Principal).toEqual({
      Service: 'ecs-tasks.amazonaws.com',
    });
  });
});

describe('./dev iam-policy', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/iam-policy/cli.ts', ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
  it('prints both documents as JSON, and exits 2 naming a bad flag', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/iam-policy/cli.ts', '--role', 'deploy', ...FULL.deploy],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    const printed = JSON.parse(out) as { PermissionsPolicy: unknown; TrustPolicy: unknown };
    expect(validatePolicy(printed.PermissionsPolicy, 'identity')).toEqual([]);
    expect(validatePolicy(printed.TrustPolicy, 'trust')).toEqual([]);
    const bad = cli([
      ...words('--role deploy'),
      ...BASE,
      ...words('--repo a/b --environment production --cluster'),
      'a b',
    ]);
    const help = cli(['--help']);
    expect([help.status, help.stdout]).toEqual([
      0,
      expect.stringMatching(/--role deploy\s+--environment --repo/),
    ]);
    expect([bad.status, bad.stderr.trim()]).toEqual([
      2,
      "iam-policy: --cluster 'a b' is not valid (e.g. --cluster shop-production)",
    ]);
  });
});
