// Property: for any task definition roles, RunTask overrides and PassRole grant, the IAM check allows
// RunTask exactly when every role the task runs with (the override's, else the definition's) may be
// passed to ecs-tasks.amazonaws.com, and otherwise names the first one that may not (task role first).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkRequest } from '../src/iam-check.js';
import type { IamPolicy } from '../src/iam-evaluate.js';

const ARN = { region: 'us-east-1', accountId: '123456789012' };
const ROLES = ['web-task', 'web-execution', 'admin', 'batch-task'];
const roleArn = (name: string) => `arn:aws:iam::${ARN.accountId}:role/${name}`;
const role = fc.option(fc.constantFrom(...ROLES), { nil: undefined });
const asArnOrName = (name: string | undefined, arn: boolean) => (name && arn ? roleArn(name) : name);

const world = fc.record({
  definition: fc.record({ taskRoleArn: role, executionRoleArn: role }),
  overrides: fc.record({ taskRoleArn: role, executionRoleArn: role }),
  asArn: fc.boolean(),
  passable: fc.subarray(ROLES),
  passedTo: fc.constantFrom('ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'),
});

describe('RunTask and iam:PassRole (property)', () => {
  it('allows exactly the runs whose every role may be passed to ECS tasks, else names the first role', () => {
    fc.assert(
      fc.property(world, ({ definition, overrides, asArn, passable, passedTo }) => {
        const policy: IamPolicy = {
          Statement: [
            { Effect: 'Allow', Action: 'ecs:RunTask', Resource: '*' },
            ...(passable.length > 0
              ? [
                  {
                    Effect: 'Allow' as const,
                    Action: 'iam:PassRole',
                    Resource: passable.map(roleArn),
                    Condition: { StringEquals: { 'iam:PassedToService': passedTo } },
                  },
                ]
              : []),
          ],
        };
        const body = {
          cluster: 'apps',
          taskDefinition: 'web',
          overrides: {
            taskRoleArn: asArnOrName(overrides.taskRoleArn, asArn),
            executionRoleArn: asArnOrName(overrides.executionRoleArn, asArn),
          },
        };
        const denied = checkRequest(
          { policy, principal: 'p' },
          ARN,
          { service: 'ecs', operation: 'RunTask', body },
          { taskDefinition: (ref) => (ref === 'web' ? definition : undefined) },
        );
        // Ground truth, from the documented rule.
        const runsWith = [
          overrides.taskRoleArn ?? definition.taskRoleArn,
          overrides.executionRoleArn ?? definition.executionRoleArn,
        ].filter((r): r is string => r !== undefined);
        const refused = runsWith.find(
          (name) => !(passable.includes(name) && passedTo === 'ecs-tasks.amazonaws.com'),
        );
        if (refused === undefined) expect(denied).toBeUndefined();
        else
          expect(denied?.message).toContain(
            `is not authorized to perform: iam:PassRole on resource: ${roleArn(refused)} because`,
          );
      }),
      { numRuns: 300 },
    );
  });
});
