// The rehearsal with each job's AWS role held to the policy ./dev iam-policy generates for it: it
// passes with the list as it is, and fails naming the permission when one is taken out of the list.
import { describe, expect, it } from '@jest/globals';
import { rehearse } from '@shipline/rehearsal';
import { AWS_CALLS } from '../scripts/iam-policy/aws-calls.js';
import { repoRoot } from '../scripts/iam-policy/code-calls.js';
import { rehearsalPolicies } from '../scripts/iam-policy/rehearsal-policies.js';

async function rehearseWithout(action?: string): Promise<{ passed: boolean; output: string }> {
  const calls = AWS_CALLS.filter((c) => !(c.role === 'deploy' && c.action === action));
  let output = '';
  const result = await rehearse({
    repoRoot,
    stories: ['good-release'],
    noDocker: true,
    verbose: true,
    iamPolicies: (setup) => rehearsalPolicies(setup, calls),
    write: (text) => {
      output += text;
    },
  });
  return { passed: result.passed, output };
}

describe('the rehearsal under the generated IAM policies', () => {
  it('passes with every job held to its role policy', async () => {
    const { passed, output } = await rehearseWithout(undefined);
    expect(output).not.toMatch(/not authorized/);
    expect(passed).toBe(true);
  });

  it.each(['ecs:UpdateService', 'iam:PassRole', 'ecs:RunTask'])(
    'fails naming %s when it is taken out of the list',
    async (action) => {
      const { passed, output } = await rehearseWithout(action);
      expect(passed).toBe(false);
      expect(output).toMatch(
        new RegExp(
          `assumed-role/shop-deploy-staging/shipline-rehearsal is not authorized to perform: ${action} on resource: `,
        ),
      );
    },
  );
});
