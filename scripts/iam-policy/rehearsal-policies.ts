// The policies `./dev rehearse` holds each job's role to: the same generation as `./dev iam-policy`,
// scoped to the rehearsal's account, clusters, services and task definitions.
import type { RehearsalIamSetup } from '@shipline/rehearsal';
import { AWS_CALLS, type AwsCall } from './aws-calls.js';
import { identityPolicy } from './policy.js';
import type { PolicyDocument, PolicyScope } from './policy-types.js';
import { taskDefinitionScope } from './task-definition-scope.js';

/** By role name; `calls` is the list to read (a test takes one call out). */
export function rehearsalPolicies(
  setup: RehearsalIamSetup,
  calls: readonly AwsCall[] = AWS_CALLS,
): Record<string, PolicyDocument> {
  return Object.fromEntries(
    setup.roles.map((role) => {
      const fromFile = role.taskDefinitionFile ? taskDefinitionScope(role.taskDefinitionFile) : undefined;
      const scope: PolicyScope = {
        partition: 'aws',
        account: setup.account,
        region: setup.region,
        cluster: role.cluster ?? '*',
        services: setup.services,
        families: fromFile?.families ?? ['*'],
        // The rehearsal pushes to a local registry, not ECR: no repository name to scope to.
        ecrRepositories: ['*'],
        passRoles: fromFile?.passRoles.length ? fromFile.passRoles : ['*'],
        logGroups: fromFile?.logGroups ?? [],
        secrets: [],
        ssmParameters: [],
      };
      return [role.name, identityPolicy(role.kind, scope, calls)];
    }),
  );
}
