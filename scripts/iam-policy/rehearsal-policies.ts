// The policies `./dev rehearse` holds each job's role to: the same generation as `./dev iam-policy`,
// scoped to the rehearsal's account, clusters, services and task definitions.
import type { RehearsalIamSetup, RehearsalRole } from '@shipline/rehearsal';
import { AWS_CALLS, type AwsCall } from './aws-calls.js';
import { identityPolicy } from './policy.js';
import type { PolicyDocument, PolicyScope } from './policy-types.js';
import { taskDefinitionScope } from './task-definition-scope.js';

/** Where a role's calls land: its account, region, services and ECR repositories. */
export interface RoleWhere {
  account: string;
  region: string;
  services: string[];
  ecrRepositories: string[];
}

/** A role's scope: its cluster, and the family, roles and log groups of its task definition. */
export function roleScope(role: RehearsalRole, where: RoleWhere): PolicyScope {
  const fromFile = role.taskDefinitionFile ? taskDefinitionScope(role.taskDefinitionFile) : undefined;
  return {
    partition: 'aws',
    account: where.account,
    region: where.region,
    cluster: role.cluster ?? '*',
    services: where.services,
    families: fromFile?.families ?? ['*'],
    ecrRepositories: where.ecrRepositories,
    passRoles: fromFile?.passRoles.length ? fromFile.passRoles : ['*'],
    logGroups: fromFile?.logGroups ?? [],
    secrets: [],
    ssmParameters: [],
  };
}

/** By role name; `calls` is the list to read (a test takes one call out). */
export function rehearsalPolicies(
  setup: RehearsalIamSetup,
  calls: readonly AwsCall[] = AWS_CALLS,
): Record<string, PolicyDocument> {
  // The rehearsal pushes to a local registry, not ECR: no repository name to scope to.
  const where = { ...setup, ecrRepositories: ['*'] };
  return Object.fromEntries(
    setup.roles.map((role) => [role.name, identityPolicy(role.kind, roleScope(role, where), calls)]),
  );
}
