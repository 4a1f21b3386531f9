// Task-definition skeletons a consumer repository starts from, one per environment, with the seed's
// sizes. deploy-ecs fills in the image (container-images) and APP_VERSION (container-env) at deploy
// time; everything else is the application's to adjust.

export const ENVIRONMENTS = ['dev', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Fargate sizes (cpu units / MiB, as ECS wants them: strings) and task counts per environment. */
export const SIZES: Record<
  Environment,
  { cpu: string; memory: string; desired: number; min: number; max: number }
> = {
  dev: { cpu: '256', memory: '512', desired: 1, min: 1, max: 1 },
  staging: { cpu: '512', memory: '1024', desired: 1, min: 1, max: 2 },
  production: { cpu: '1024', memory: '2048', desired: 2, min: 2, max: 10 },
};

export const CONTAINER_NAME = 'app';
export const CONTAINER_PORT = 3000;
/** The `node` user of the official Node.js images: the container never runs as root. */
export const CONTAINER_USER = '1000:1000';

export interface TaskDefinitionOptions {
  app: string;
  /** 12-digit AWS account id; a placeholder to replace when unknown. */
  accountId: string;
  region: string;
}

/** Node is in every image this pipeline builds; curl and wget are not. */
const HEALTH_COMMAND = `node -e "fetch('http://127.0.0.1:${CONTAINER_PORT}/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`;

export function taskDefinition(
  environment: Environment,
  options: TaskDefinitionOptions,
): Record<string, unknown> {
  const { app, accountId, region } = options;
  const name = `${app}-${environment}`;
  const size = SIZES[environment];
  return {
    family: name,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: size.cpu,
    memory: size.memory,
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
    executionRoleArn: `arn:aws:iam::${accountId}:role/${name}-execution`,
    taskRoleArn: `arn:aws:iam::${accountId}:role/${name}-task`,
    containerDefinitions: [
      {
        name: CONTAINER_NAME,
        image: `${app}:set-by-deploy-ecs`,
        essential: true,
        user: CONTAINER_USER,
        portMappings: [{ name: 'http', containerPort: CONTAINER_PORT, protocol: 'tcp', appProtocol: 'http' }],
        environment: [
          { name: 'APP_VERSION', value: 'set-by-deploy-ecs' },
          { name: 'NODE_ENV', value: 'production' },
          { name: 'PORT', value: String(CONTAINER_PORT) },
        ],
        healthCheck: {
          command: ['CMD-SHELL', HEALTH_COMMAND],
          interval: 30,
          timeout: 5,
          retries: 3,
          startPeriod: 15,
        },
        stopTimeout: 30,
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': `/ecs/${name}`,
            'awslogs-region': region,
            'awslogs-stream-prefix': CONTAINER_NAME,
            'awslogs-create-group': 'true',
          },
        },
      },
    ],
  };
}

/**
 * Task counts per environment. A task definition cannot hold them: they belong to the service
 * (desiredCount) and to Application Auto Scaling (minCapacity/maxCapacity), which the
 * infrastructure code owns; this file records the sizes it should use.
 */
export function scaling(): Record<string, unknown> {
  return {
    $comment:
      'Task counts per environment for the ECS services (desiredCount) and Application Auto Scaling (minCapacity, maxCapacity). The pipeline does not apply them: infrastructure code does.',
    ...Object.fromEntries(
      ENVIRONMENTS.map((e) => [
        e,
        { desiredCount: SIZES[e].desired, minCapacity: SIZES[e].min, maxCapacity: SIZES[e].max },
      ]),
    ),
  };
}
