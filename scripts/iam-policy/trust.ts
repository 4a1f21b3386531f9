// Who may assume each role: GitHub's OIDC provider for the roles jobs assume (a deploy job's
// subject is its environment, the build job's its branch), ECS tasks for the execution role.
import type { Role } from './aws-calls.js';
import type { PolicyDocument, PolicyScope } from './policy-types.js';

export const OIDC_HOST = 'token.actions.githubusercontent.com';
export const OIDC_AUDIENCE = 'sts.amazonaws.com';

export interface TrustOptions {
  repo: string;
  environment?: string;
  branches: string[];
}

/** The `sub` claims the role trusts: the environment for deploy and run-task, the branches for build. */
export function trustedSubjects(role: Role, options: TrustOptions): string[] {
  if (role === 'build') return options.branches.map((b) => `repo:${options.repo}:ref:refs/heads/${b}`);
  return [`repo:${options.repo}:environment:${options.environment}`];
}

export function trustPolicy(role: Role, scope: PolicyScope, options: TrustOptions): PolicyDocument {
  if (role === 'task-execution') {
    // aws:SourceAccount and aws:SourceArn keep another account's ECS from using the role (confused deputy).
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': scope.account },
            ArnLike: { 'aws:SourceArn': `arn:${scope.partition}:ecs:${scope.region}:${scope.account}:*` },
          },
        },
      ],
    };
  }
  const subjects = trustedSubjects(role, options);
  const wildcard = subjects.some((s) => s.includes('*'));
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:${scope.partition}:iam::${scope.account}:oidc-provider/${OIDC_HOST}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${OIDC_HOST}:aud`]: OIDC_AUDIENCE,
            ...(wildcard ? {} : { [`${OIDC_HOST}:sub`]: subjects.length === 1 ? subjects[0]! : subjects }),
          },
          // StringLike only where a subject has a wildcard (hotfix/*): never for an environment.
          ...(wildcard ? { StringLike: { [`${OIDC_HOST}:sub`]: subjects } } : {}),
        },
      },
    ],
  };
}
