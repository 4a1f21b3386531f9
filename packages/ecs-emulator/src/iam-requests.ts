// What IAM authorises for one API request, per the Service Authorization Reference: the action, the
// resource ARNs it is checked against, the condition keys it carries, and the permissions checked
// alongside it (iam:PassRole for the roles a task definition or a RunTask hands ECS, ecs:TagResource
// for tags on create); CloudWatch alarm calls on the alarms they name.
import type { ArnContext } from './arns.js';
import type { Json } from './model.js';

export interface AuthorizationRequest {
  /** `ecs:UpdateService` */
  action: string;
  resource: string;
  context: Record<string, string>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const lastSegment = (v: string) => (v.startsWith('arn:') ? v.slice(v.lastIndexOf('/') + 1) : v);

/** What the check reads from the emulator's state: a task definition's body by RunTask's reference. */
export interface AuthorizationLookup {
  taskDefinition(ref: string): Json | undefined;
}

export function authorizationRequests(
  service: 'ecs' | 'ecr' | 'logs' | 'cloudwatch',
  operation: string,
  body: Json,
  arn: ArnContext,
  lookup?: AuthorizationLookup,
): AuthorizationRequest[] {
  const action = `${service}:${operation}`;
  if (service === 'logs') return [{ action, resource: logStreamArn(body, arn), context: {} }];
  if (service === 'cloudwatch') return alarmRequests(action, body, arn);
  if (service === 'ecr') {
    const repository = str(body.repositoryName);
    const resource = repository
      ? `arn:aws:ecr:${arn.region}:${str(body.registryId) ?? arn.accountId}:repository/${repository}`
      : '*';
    return [{ action, resource, context: {} }];
  }
  const ecs = `arn:aws:ecs:${arn.region}:${arn.accountId}`;
  const clusterName = lastSegment(str(body.cluster) ?? 'default');
  const cluster = { 'ecs:cluster': `${ecs}:cluster/${clusterName}` };
  const serviceArnOf = (name: string) =>
    name.startsWith('arn:') ? name : `${ecs}:service/${clusterName}/${name}`;
  const task = (id: string) => (id.startsWith('arn:') ? id : `${ecs}:task/${clusterName}/${id}`);
  const each = (resources: string[], context: Record<string, string> = {}) =>
    (resources.length > 0 ? resources : ['*']).map((resource) => ({ action, resource, context }));

  switch (operation) {
    case 'CreateService':
      return each([serviceArnOf(str(body.serviceName) ?? '')], cluster);
    case 'UpdateService':
    case 'DeleteService':
      return each([serviceArnOf(str(body.service) ?? '')], cluster);
    case 'DescribeServices':
      return each(strings(body.services).map(serviceArnOf), cluster);
    case 'ListServiceDeployments':
      return each([serviceArnOf(str(body.service) ?? '')], cluster);
    case 'DescribeServiceDeployments':
      return each(strings(body.serviceDeploymentArns));
    case 'StopServiceDeployment':
    case 'ContinueServiceDeployment':
      return each([str(body.serviceDeploymentArn) ?? '*']);
    case 'DescribeServiceRevisions':
      return each(strings(body.serviceRevisionArns));
    case 'DescribeTasks':
      return each(strings(body.tasks).map(task), cluster);
    case 'StopTask':
      return each([task(str(body.task) ?? '')], cluster);
    case 'RunTask': {
      // On the task definition revision (a bare family: any revision of it), with ecs:cluster.
      const ref = str(body.taskDefinition) ?? '';
      const plain = ref.startsWith('arn:') ? ref.slice(ref.indexOf(':task-definition/') + 17) : ref;
      const revision = plain.includes(':') ? plain : `${plain}:*`;
      // The roles the task runs with: the overrides', else the task definition's.
      const overrides = (body.overrides ?? {}) as Json;
      const definition = lookup?.taskDefinition(ref) ?? {};
      const roles = {
        taskRoleArn: str(overrides.taskRoleArn) ?? str(definition.taskRoleArn),
        executionRoleArn: str(overrides.executionRoleArn) ?? str(definition.executionRoleArn),
      };
      return [...each([`${ecs}:task-definition/${revision}`], cluster), ...passedRoles(roles, arn)];
    }
    case 'ListTasks':
    case 'ListServices':
      // Authorised on a container instance or "*": the cluster comes in as ecs:cluster.
      return each(['*'], cluster);
    case 'DescribeClusters':
      return each(strings(body.clusters).map((c) => (c.startsWith('arn:') ? c : `${ecs}:cluster/${c}`)));
    case 'TagResource':
    case 'UntagResource':
    case 'ListTagsForResource':
      return each([str(body.resourceArn) ?? '*']);
    case 'RegisterTaskDefinition':
      return [...each(['*']), ...passedRoles(body, arn), ...tagsOnCreate(body, ecs)];
    default:
      // CreateCluster, ListClusters, Describe/List/DeregisterTaskDefinition: no resource type.
      return each(['*']);
  }
}

/** iam:PassRole on each role handed to ECS for its tasks, with iam:PassedToService. */
function passedRoles(body: Json, arn: ArnContext): AuthorizationRequest[] {
  const roles = [str(body.taskRoleArn), str(body.executionRoleArn)].filter(
    (r): r is string => r !== undefined,
  );
  return roles.map((role) => ({
    action: 'iam:PassRole',
    resource: role.startsWith('arn:') ? role : `arn:aws:iam::${arn.accountId}:role/${role}`,
    context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
  }));
}

function tagsOnCreate(body: Json, ecs: string): AuthorizationRequest[] {
  if (!Array.isArray(body.tags) || body.tags.length === 0) return [];
  return [
    {
      action: 'ecs:TagResource',
      resource: `${ecs}:task-definition/${str(body.family) ?? ''}:*`,
      context: { 'ecs:CreateAction': 'RegisterTaskDefinition' },
    },
  ];
}

/**
 * GetLogEvents is authorised on the stream it reads, `log-group:<group>:log-stream:<stream>` (what
 * a policy's `log-group:<group>:*` covers); a group given as an ARN (logGroupIdentifier) keeps its
 * account and region.
 */
function logStreamArn(body: Json, arn: ArnContext): string {
  const identifier = str(body.logGroupIdentifier);
  const group = identifier?.startsWith('arn:')
    ? identifier.replace(/:\*$/, '')
    : `arn:aws:logs:${arn.region}:${arn.accountId}:log-group:${str(body.logGroupName) ?? identifier ?? '*'}`;
  return `${group}:log-stream:${str(body.logStreamName) ?? '*'}`;
}

/**
 * CloudWatch alarm calls, on `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`: each alarm named
 * (DescribeAlarms' AlarmNames, DeleteAlarms', SetAlarmState's and PutMetricAlarm's AlarmName); a
 * DescribeAlarms naming none (all, or by prefix) asks for `*`.
 */
function alarmRequests(action: string, body: Json, arn: ArnContext): AuthorizationRequest[] {
  const names = [...strings(body.AlarmNames), str(body.AlarmName)].filter((n): n is string => !!n);
  const resources = names.map((name) => `arn:aws:cloudwatch:${arn.region}:${arn.accountId}:alarm:${name}`);
  return (resources.length > 0 ? resources : ['*']).map((resource) => ({ action, resource, context: {} }));
}
