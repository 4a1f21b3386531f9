// Scopes read from a task definition file (`--task-definition FILE`): its family, the task and
// execution roles it passes, its ECR images, awslogs groups, and the secrets its containers name.
import fs from 'node:fs';

export interface TaskDefinitionScope {
  families: string[];
  passRoles: string[];
  ecrRepositories: string[];
  logGroups: string[];
  secrets: string[];
  ssmParameters: string[];
}

type Container = {
  image?: string;
  logConfiguration?: { logDriver?: string; options?: Record<string, string> };
  secrets?: { valueFrom?: string }[];
  repositoryCredentials?: { credentialsParameter?: string };
};
type TaskDefinitionFile = {
  family?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  containerDefinitions?: Container[];
};

const ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;
const roleName = (arn: string) => arn.replace(/^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?/, '');
/** `arn:aws:secretsmanager:r:a:secret:name-AbCdEf:json-key:stage:id` → the secret's own ARN. */
const secretArn = (valueFrom: string) => valueFrom.split(':').slice(0, 7).join(':');
const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];

export function taskDefinitionScope(file: string): TaskDefinitionScope {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as TaskDefinitionFile & {
    taskDefinition?: TaskDefinitionFile;
  };
  const definition = raw.taskDefinition ?? raw;
  if (!definition.family || !Array.isArray(definition.containerDefinitions))
    throw new Error(`${file} is not a task definition (no family or containerDefinitions)`);
  const containers = definition.containerDefinitions;
  const valuesFrom = containers.flatMap((c) => [
    ...(c.secrets ?? []).map((s) => s.valueFrom),
    c.repositoryCredentials?.credentialsParameter,
  ]);
  const isSecret = (v: string) => v.startsWith('arn:') && v.split(':')[2] === 'secretsmanager';
  return {
    families: [definition.family],
    passRoles: unique([definition.taskRoleArn, definition.executionRoleArn].map((r) => r && roleName(r))),
    ecrRepositories: unique(containers.map((c) => ECR_IMAGE.exec(c.image ?? '')?.[1])),
    logGroups: unique(
      containers.map((c) =>
        c.logConfiguration?.logDriver === 'awslogs'
          ? c.logConfiguration.options?.['awslogs-group']
          : undefined,
      ),
    ),
    secrets: unique(valuesFrom.filter((v): v is string => !!v && isSecret(v)).map(secretArn)),
    ssmParameters: unique(valuesFrom.filter((v): v is string => !!v && !isSecret(v))),
  };
}
