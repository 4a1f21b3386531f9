// IAM policy JSON validation: the grammar's shapes, and actions checked against the service lists.
import { describe, expect, it } from '@jest/globals';
import type { PolicyDocument } from '../scripts/iam-policy/policy-types.js';
import { validatePolicy } from '../scripts/iam-policy/validate.js';

describe('policy validation', () => {
  const ok: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'ecs:UpdateService', Resource: '*' }],
  };
  it.each([
    [{ ...ok, Version: '2008-10-17' }, /Version/],
    [{ Version: '2012-10-17', Statement: {} }, /Statement is not a non-empty array/],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Permit', Action: 'ecs:UpdateService', Resource: '*' }],
      },
      /Effect/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'ecs:UpdateServices', Resource: '*' }],
      },
      /'ecs:UpdateServices' is not an action of ecs/,
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }] },
      /no action list kept for the service ec2/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'ecs:UpdateService', Resource: 'service/x' }],
      },
      /not an ARN/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'ecs:UpdateService',
            Resource: '*',
            Condition: { StringEq: { a: 'b' } },
          },
        ],
      },
      /operator StringEq/,
    ],
  ])('refuses %j', (doc, problem) => {
    expect(validatePolicy(doc, 'identity').join('\n')).toMatch(problem);
  });
  it('accepts wildcards that match an action', () => {
    expect(
      validatePolicy(
        { ...ok, Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' }] },
        'identity',
      ),
    ).toEqual([]);
  });
});
