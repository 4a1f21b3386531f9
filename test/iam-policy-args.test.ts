// ./dev iam-policy flags: a bad one refused naming the flag and a good value, defaults said on stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { taskDefinition } from '../scripts/lib/pipeline-task-definitions.js';
import { IamArgsError, parseIamArgs } from '../scripts/iam-policy/args.js';

const words = (line: string) => line.split(' ');
const BASE = ['--account', '123456789012', '--region', 'eu-west-1'];
const refusal = (argv: string[]) => {
  try {
    parseIamArgs(argv, {});
  } catch (error) {
    expect(error).toBeInstanceOf(IamArgsError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('iam-policy flags', () => {
  it.each([
    [
      ['--role', 'admin', ...BASE],
      /--role 'admin' is not a role: use build, deploy, task-execution, run-task.*--role deploy/,
    ],
    [
      ['--role', 'deploy', '--account', '12', '--region', 'eu-west-1'],
      /--account '12'.*--account 123456789012/,
    ],
    [
      ['--role', 'build', '--account', '123456789012'],
      /--region is required.*AWS_REGION.*--region eu-west-1/,
    ],
    [
      ['--role', 'deploy', ...BASE, '--repo', 'acme/shop'],
      /--environment is required.*--environment production/,
    ],
    [['--role', 'deploy', ...BASE, '--environment', 'prod'], /--repo is required.*--repo acme\/shop/],
    [['--role', 'build', ...BASE, '--repo', 'acme'], /--repo 'acme' is not valid.*--repo acme\/shop/],
    [
      ['--role', 'build', ...BASE, '--repo', 'a/b', '--services', 'web'],
      /--services does not apply to --role build/,
    ],
    [['--role', 'deploy', ...BASE, '--repo', 'a/b', '--environment', 'p*'], /--environment 'p\*'/],
    [['--role', 'deploy', '--bogus', 'x'], /Unknown option '--bogus'.*--role deploy/],
  ])('refuses %j naming the flag and a good value', (argv, message) => {
    expect(refusal(argv)).toMatch(message);
  });

  it('reads the region from AWS_REGION and the ECR repository from an image URI', () => {
    const r = parseIamArgs(
      words(
        '--role build --account 123456789012 --repo a/b --ecr-repository 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/shop',
      ),
      { AWS_REGION: 'us-east-2' },
    );
    expect([r.scope.region, r.scope.ecrRepositories]).toEqual(['us-east-2', ['team/shop']]);
  });

  it('says what it left to * or to the skeletons convention', () => {
    const r = parseIamArgs(['--role', 'deploy', ...BASE, '--repo', 'a/b', '--environment', 'staging'], {});
    expect(r.scope.services).toEqual(['*']);
    expect(r.notes.join('\n')).toMatch(/no --services.*--services shop-web,shop-worker/);
    expect(
      parseIamArgs(
        ['--role', 'deploy', ...BASE, '--repo', 'a/b', '--environment', 'p', '--services', 'web,worker'],
        {},
      ).scope.passRoles,
    ).toEqual(['web-task', 'web-execution', 'worker-task', 'worker-execution']);
  });

  it('--task-definition: family, roles, log group, ECR images and secrets from the file; flags win', () => {
    const definition = taskDefinition('production', {
      app: 'shop',
      accountId: '123456789012',
      region: 'eu-west-1',
    });
    const [container] = definition.containerDefinitions as Record<string, unknown>[];
    container!.image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:v1';
    container!.secrets = [
      {
        name: 'DB',
        valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf:password::',
      },
      { name: 'KEY', valueFrom: '/shop/production/api-key' },
    ];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iam-td-')), 'task-definition.json');
    fs.writeFileSync(file, JSON.stringify(definition));
    const r = parseIamArgs(['--role', 'task-execution', ...BASE, '--task-definition', file], {});
    expect(r.scope).toMatchObject({
      families: ['shop-production'],
      ecrRepositories: ['shop'],
      logGroups: ['/ecs/shop-production'],
      secrets: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf'],
      ssmParameters: ['/shop/production/api-key'],
    });
    const deploy = parseIamArgs(
      [
        ...words('--role deploy'),
        ...BASE,
        ...words('--repo a/b --environment production --task-definition'),
        file,
        ...words('--pass-roles x'),
      ],
      {},
    );
    expect([deploy.scope.families, deploy.scope.passRoles]).toEqual([['shop-production'], ['x']]);
    expect(
      refusal([
        ...words('--role deploy'),
        ...BASE,
        ...words('--repo a/b --environment p --task-definition /nowhere.json'),
      ]),
    ).toMatch(/--task-definition cannot be used: .*ENOENT/);
  });
});
