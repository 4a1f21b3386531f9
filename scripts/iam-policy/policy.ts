// Least-privilege identity policy of a role: the role's calls from aws-calls.ts, one statement per
// (resource scope, condition), each scoped to the ARNs of scope-arns.ts.
import { AWS_CALLS, type AwsCall, type Role } from './aws-calls.js';
import type { PolicyDocument, PolicyScope, Statement } from './policy-types.js';
import { conditionBlock, scopeArns } from './scope-arns.js';

const SIDS: Record<string, string> = {
  any: 'NoResourceLevelPermissions',
  'ecr-repository': 'EcrRepository',
  service: 'Services',
  'service-deployment': 'ServiceDeployments',
  'service-revision': 'ServiceRevisions',
  'cluster-tasks': 'ClusterTasks',
  'cluster-condition': 'InCluster',
  'task-definition-family': 'TaskDefinitionFamilies',
  'pass-role': 'PassTaskRolesToEcs',
  'log-group': 'LogGroups',
  secret: 'Secrets',
  'ssm-parameter': 'Parameters',
};

function wanted(call: AwsCall, scope: PolicyScope): boolean {
  if (call.only === 'secrets') return scope.secrets.length > 0;
  if (call.only === 'ssm-parameters') return scope.ssmParameters.length > 0;
  return true;
}

/** `calls`: the list to read (a test passes one with a call taken out). */
export function identityPolicy(
  role: Role,
  scope: PolicyScope,
  calls: readonly AwsCall[] = AWS_CALLS,
): PolicyDocument {
  const groups = new Map<string, AwsCall[]>();
  for (const call of calls.filter((c) => c.role === role && wanted(c, scope))) {
    const key = `${call.scope}|${call.condition ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), call]);
  }
  const statements: Statement[] = [...groups.values()].map((calls) => {
    const { scope: kind, condition } = calls[0]!;
    const actions = [...new Set(calls.map((c) => c.action))].sort();
    const resources = scopeArns(kind, scope);
    return {
      Sid: SIDS[kind]! + (condition === 'created-by-register' ? 'TagOnRegister' : ''),
      Effect: 'Allow',
      Action: actions.length === 1 ? actions[0]! : actions,
      Resource: resources.length === 1 ? resources[0]! : resources,
      ...(condition ? { Condition: conditionBlock(condition, scope) } : {}),
    };
  });
  return { Version: '2012-10-17', Statement: statements };
}
