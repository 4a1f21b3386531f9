// The IAM check's parts: policy evaluation (wildcards, NotAction, conditions), the access key of a
// signed request, and the emulator CLI's --iam-policy FILE.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseCliArgs, UsageError } from '../src/cli-args.js';
import { accessKeyOf } from '../src/iam-check.js';
import { evaluate, type IamPolicy } from '../src/iam-evaluate.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012';
const DEPLOY: IamPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'ecs:UpdateService', Resource: `${ARN}:service/apps/web` }],
};

describe('policy evaluation', () => {
  const request = (action: string, resource: string, context: Record<string, string> = {}) => ({
    action,
    resource,
    context,
  });
  it.each([
    [
      { Effect: 'Allow', Action: 'ecs:*', Resource: '*' },
      request('ecs:UpdateService', `${ARN}:service/a/b`),
      'allowed',
    ],
    [
      { Effect: 'Allow', Action: 'ECS:updateservice', Resource: '*' },
      request('ecs:UpdateService', 'x'),
      'allowed',
    ],
    [
      { Effect: 'Allow', Action: 'ecs:Describe?ervices', Resource: '*' },
      request('ecs:DescribeServices', 'x'),
      'allowed',
    ],
    [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, request('iam:PassRole', 'x'), 'implicit-deny'],
    [
      {
        Effect: 'Allow',
        Action: 'ecs:ListTasks',
        Resource: '*',
        Condition: { ArnEquals: { 'ecs:cluster': `${ARN}:cluster/apps` } },
      },
      request('ecs:ListTasks', '*', { 'ecs:cluster': `${ARN}:cluster/other` }),
      'implicit-deny',
    ],
    [
      {
        Effect: 'Allow',
        Action: 'ecs:ListTasks',
        Resource: '*',
        Condition: { StringEqualsIfExists: { 'ecs:cluster': 'x' } },
      },
      request('ecs:ListTasks', '*'),
      'allowed',
    ],
  ] as const)('%j on %j: %s', (statement, req, decision) => {
    expect(evaluate({ Statement: [statement as never] }, req)).toBe(decision);
  });

  it('reads the access key of a SigV4 Authorization header', () => {
    expect(
      accessKeyOf(
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-1/ecs/aws4_request, SignedHeaders=host',
      ),
    ).toBe('AKIDEXAMPLE');
    expect(accessKeyOf(undefined)).toBeUndefined();
  });
});

describe('--iam-policy FILE', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-iam-'));
  it('reads a policy document, or the PermissionsPolicy of ./dev iam-policy output', () => {
    fs.writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(DEPLOY));
    fs.writeFileSync(
      path.join(dir, 'both.json'),
      JSON.stringify({ Role: 'deploy', PermissionsPolicy: DEPLOY }),
    );
    for (const file of ['policy.json', 'both.json'])
      expect(parseCliArgs(['--iam-policy', file], { SHIPLINE_CALLER_CWD: dir })).toMatchObject({
        iam: { policy: DEPLOY },
      });
  });
  it('refuses a file that is not a policy, naming the flag', () => {
    fs.writeFileSync(path.join(dir, 'nope.json'), '{"Version": "2012-10-17"}');
    expect(() => parseCliArgs(['--iam-policy', 'nope.json'], { SHIPLINE_CALLER_CWD: dir })).toThrow(
      UsageError,
    );
    expect(() => parseCliArgs(['--iam-policy', 'missing.json'], { SHIPLINE_CALLER_CWD: dir })).toThrow(
      /--iam-policy: .*ENOENT/,
    );
  });
});
