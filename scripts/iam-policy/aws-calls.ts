// The one list of the AWS calls Shipline makes, by IAM role: what `./dev iam-policy` grants and the
// emulator enforces. test/iam-calls.test.ts fails when the code sends a command missing here, or
// when an entry here names a command the code no longer sends.

export const ROLES = ['build', 'deploy', 'task-execution', 'run-task'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Which resource ARN a statement is scoped to (built in scope-arns.ts):
 * any: the action has no resource type in the Service Authorization Reference ("*" only);
 * cluster-condition: "*" narrowed by the ecs:cluster condition (ListTasks authorises on a container
 * instance, which Fargate tasks do not have).
 */
export type Scope =
  | 'any'
  | 'ecr-repository'
  | 'service'
  | 'service-deployment'
  | 'service-revision'
  | 'cluster-tasks'
  | 'task-definition-family'
  | 'pass-role'
  | 'cluster-condition'
  | 'log-group'
  | 'secret'
  | 'ssm-parameter';

/** How the call is made, so the test knows what to look for in the code. */
export type CallMade =
  /** An AWS SDK v3 command: `new <command>(` in a file reachable from the role's actions. */
  | { sdk: string }
  /** The registry HTTP API (docker push/pull, or packages/docker's registry client): `evidence` is in packages/docker/src. */
  | { registry: string; evidence: RegExp }
  /** Authorised as part of another call (the Service Authorization Reference lists it with that operation). */
  | { alongside: string; when: string }
  /** Made by ECS itself with the task's execution role, or by a workflow step through the AWS CLI. */
  | { by: string; when?: string };

/** A condition the statement carries besides its resources. */
export type Condition = 'ecs-cluster' | 'created-by-register' | 'passed-to-ecs-tasks';

export interface AwsCall {
  action: `${string}:${string}`;
  role: Role;
  scope: Scope;
  made: CallMade;
  condition?: Condition;
  /** Only with this option (the policy leaves the statement out otherwise). */
  only?: 'secrets' | 'ssm-parameters';
}

const ecs = (name: string, scope: Scope): AwsCall => ({
  action: `ecs:${name}`,
  role: 'deploy',
  scope,
  made: { sdk: `${name}Command` },
});
const push = (name: string, what: string, evidence: RegExp): AwsCall => ({
  action: `ecr:${name}`,
  role: 'build',
  scope: 'ecr-repository',
  made: { registry: what, evidence },
});
const agent = (action: AwsCall['action'], scope: Scope, when?: string): AwsCall => ({
  action,
  role: 'task-execution',
  scope,
  made: { by: 'the ECS agent, with the execution role, when it starts a task', ...(when ? { when } : {}) },
});
const runTask = (action: AwsCall['action'], scope: Scope): AwsCall => ({
  action,
  role: 'run-task',
  scope,
  made: { sdk: `${action.split(':')[1]}Command` },
});

const DOCKER_PUSH = /\['push'|'push',/;

export const AWS_CALLS: readonly AwsCall[] = [
  // build: build-and-push (packages/docker)
  {
    action: 'ecr:GetAuthorizationToken',
    role: 'build',
    scope: 'any',
    made: { sdk: 'GetAuthorizationTokenCommand' },
  },
  {
    action: 'ecr:DescribeImages',
    role: 'build',
    scope: 'ecr-repository',
    made: { sdk: 'DescribeImagesCommand' },
  },
  push('BatchCheckLayerAvailability', 'docker push asks which layers the repository has', DOCKER_PUSH),
  push('InitiateLayerUpload', 'docker push starts a layer upload', DOCKER_PUSH),
  push('UploadLayerPart', 'docker push uploads a layer', DOCKER_PUSH),
  push('CompleteLayerUpload', 'docker push completes a layer upload', DOCKER_PUSH),
  push('PutImage', 'docker push writes the manifest; the registry client adds a tag (PUT manifest)', /'PUT'/),
  push('BatchGetImage', 'the registry client reads manifests (HEAD/GET); cache pulls', /'HEAD'|'GET'/),
  push(
    'GetDownloadUrlForLayer',
    'registry cache pulls (cache: registry) fetch layers',
    /\['pull'|cache-from|cacheFrom/,
  ),

  // deploy: deploy-ecs and rollback (packages/ecs)
  ecs('RegisterTaskDefinition', 'any'),
  ecs('DescribeTaskDefinition', 'any'),
  ecs('ListTaskDefinitions', 'any'),
  ecs('DeregisterTaskDefinition', 'any'),
  ecs('DescribeServices', 'service'),
  ecs('UpdateService', 'service'),
  ecs('ListServiceDeployments', 'service'),
  ecs('DescribeServiceDeployments', 'service-deployment'),
  ecs('StopServiceDeployment', 'service-deployment'),
  ecs('ContinueServiceDeployment', 'service-deployment'),
  ecs('DescribeServiceRevisions', 'service-revision'),
  { ...ecs('ListTasks', 'cluster-condition'), condition: 'ecs-cluster' },
  ecs('DescribeTasks', 'cluster-tasks'),
  // The pipeline's migration (reusable-deploy migrate-command): run-task in the deploy job.
  { ...ecs('RunTask', 'task-definition-family'), condition: 'ecs-cluster' },
  ecs('StopTask', 'cluster-tasks'),
  { action: 'logs:GetLogEvents', role: 'deploy', scope: 'log-group', made: { sdk: 'GetLogEventsCommand' } },
  {
    action: 'ecs:TagResource',
    role: 'deploy',
    scope: 'task-definition-family',
    made: { alongside: 'RegisterTaskDefinitionCommand', when: 'the task definition file carries tags' },
    condition: 'created-by-register',
  },
  {
    action: 'iam:PassRole',
    role: 'deploy',
    scope: 'pass-role',
    made: {
      alongside: 'RegisterTaskDefinitionCommand',
      when: 'the task definition names a task or execution role (RunTask passes them again)',
    },
    condition: 'passed-to-ecs-tasks',
  },

  // task-execution: what ECS does for the task before its containers run
  agent('ecr:GetAuthorizationToken', 'any'),
  agent('ecr:BatchGetImage', 'ecr-repository'),
  agent('ecr:GetDownloadUrlForLayer', 'ecr-repository'),
  agent('logs:CreateLogGroup', 'log-group', 'awslogs-create-group is "true" (the skeletons set it)'),
  agent('logs:CreateLogStream', 'log-group'),
  agent('logs:PutLogEvents', 'log-group'),
  {
    ...agent('secretsmanager:GetSecretValue', 'secret', 'a container secret names a Secrets Manager ARN'),
    only: 'secrets',
  },
  {
    ...agent('ssm:GetParameters', 'ssm-parameter', 'a container secret names a Parameter Store parameter'),
    only: 'ssm-parameters',
  },

  // run-task: a one-off task (a migration, say) started and waited for; packages/ecs/src/run-task
  { ...runTask('ecs:RunTask', 'task-definition-family'), condition: 'ecs-cluster' },
  runTask('ecs:DescribeTasks', 'cluster-tasks'),
  runTask('ecs:StopTask', 'cluster-tasks'),
  // The revision to run and its containers' awslogs settings; a service's network to copy.
  runTask('ecs:DescribeTaskDefinition', 'any'),
  runTask('ecs:DescribeServices', 'service'),
  // Only with the task-definition file input, container-images or task-definition-env (registered,
  // or reused when unchanged).
  runTask('ecs:RegisterTaskDefinition', 'any'),
  {
    action: 'iam:PassRole',
    role: 'run-task',
    scope: 'pass-role',
    made: { by: "RunTask, which passes the task definition's task and execution roles to ECS" },
    condition: 'passed-to-ecs-tasks',
  },
  runTask('logs:GetLogEvents', 'log-group'),
];

export const callsOf = (role: Role): AwsCall[] => AWS_CALLS.filter((c) => c.role === role);
