// The resource ARNs and conditions each scope of aws-calls.ts stands for, in the formats of the
// Service Authorization Reference (ECS, ECR, CloudWatch Logs, IAM, Secrets Manager, Systems Manager).
import type { Condition, Scope } from './aws-calls.js';
import type { ConditionBlock, PolicyScope } from './policy-types.js';

export function clusterArn(s: PolicyScope): string {
  return `arn:${s.partition}:ecs:${s.region}:${s.account}:cluster/${s.cluster}`;
}

/** The Resource list of a statement for a scope. */
export function scopeArns(scope: Scope, s: PolicyScope): string[] {
  const ecs = `arn:${s.partition}:ecs:${s.region}:${s.account}`;
  const perService = (kind: string, tail: string) =>
    s.services.map((name) => `${ecs}:${kind}/${s.cluster}/${name}${tail}`);
  switch (scope) {
    case 'any':
    case 'cluster-condition':
      return ['*'];
    case 'ecr-repository':
      return s.ecrRepositories.map(
        (name) => `arn:${s.partition}:ecr:${s.region}:${s.account}:repository/${name}`,
      );
    case 'service':
      return perService('service', '');
    case 'service-deployment':
      return perService('service-deployment', '/*');
    case 'service-revision':
      return perService('service-revision', '/*');
    case 'cluster-tasks':
      return [`${ecs}:task/${s.cluster}/*`];
    case 'task-definition-family':
      return s.families.map((family) => `${ecs}:task-definition/${family}:*`);
    case 'pass-role':
      return s.passRoles.map((name) => `arn:${s.partition}:iam::${s.account}:role/${name}`);
    case 'log-group':
      // Both forms: without ":*" for the group itself (CreateLogGroup), with it for its streams.
      return s.logGroups.flatMap((group) => {
        const arn = `arn:${s.partition}:logs:${s.region}:${s.account}:log-group:${group}`;
        return [arn, `${arn}:*`];
      });
    case 'secret':
      return s.secrets;
    case 'ssm-parameter':
      return s.ssmParameters.map((name) =>
        name.startsWith('arn:')
          ? name
          : `arn:${s.partition}:ssm:${s.region}:${s.account}:parameter/${name.replace(/^\//, '')}`,
      );
  }
}

export function conditionBlock(condition: Condition, s: PolicyScope): ConditionBlock {
  switch (condition) {
    case 'ecs-cluster':
      return { ArnEquals: { 'ecs:cluster': clusterArn(s) } };
    case 'created-by-register':
      return { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } };
    case 'passed-to-ecs-tasks':
      return { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } };
  }
}
