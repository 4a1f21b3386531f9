// Before an application's story: its environments in the ECS emulator as they would be on AWS, each
// cluster and service (named by its variables) running the previous release of its own task
// definition, and what serves there read back through the service's load balancer.
import fs from 'node:fs';
import path from 'node:path';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type ContainerDefinition,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { ACCOUNT_ID, LOOK_TIMEOUT_MS } from '../stories/seed.js';
import { untilSteady } from '../stories/until-steady.js';
import type { DeployTarget } from './deploy-targets.js';

/** What the seeded tasks report as their version (APP_VERSION) before the story's release. */
export const PREVIOUS_VERSION = 'previous-release';

export const serviceOf = (target: DeployTarget) => (target.inputs.services ?? '').split(/[\s,]+/)[0] ?? '';

function desiredCount(appDir: string, environment: string): number {
  const file = path.join(appDir, '.github/task-definitions/scaling.json');
  if (!fs.existsSync(file)) return 1;
  const count = (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { desiredCount?: number }>)[
    environment
  ]?.desiredCount;
  return typeof count === 'number' && count > 0 ? count : 1;
}

/** Registers the target's task definition with `image` as the previous release and starts its service. */
export async function seedTarget(
  emulator: EmulatorHandle,
  appDir: string,
  target: DeployTarget,
  image: string,
): Promise<void> {
  const ecs = new ECSClient({
    endpoint: emulator.url,
    region: emulator.env.AWS_REGION,
    credentials: { accessKeyId: 'rehearsal', secretAccessKey: 'rehearsal' },
  });
  const cluster = target.inputs.cluster ?? '';
  const service = serviceOf(target);
  const file = path.join(appDir, target.inputs['task-definition'] ?? '');
  const definition = JSON.parse(fs.readFileSync(file, 'utf8')) as RegisterTaskDefinitionCommandInput;
  const container = target.inputs['container-name'] || 'app';
  const port = definition.containerDefinitions?.find((c) => c.name === container)?.portMappings?.[0]
    ?.containerPort;
  const containers = (definition.containerDefinitions ?? []).map((c: ContainerDefinition) =>
    c.name !== container
      ? c
      : {
          ...c,
          image,
          environment: [
            ...(c.environment ?? []).filter((e) => e.name !== 'APP_VERSION'),
            { name: 'APP_VERSION', value: PREVIOUS_VERSION },
          ],
        },
  );
  try {
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({ ...definition, containerDefinitions: containers }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: service,
        taskDefinition: registered.taskDefinition!.taskDefinitionArn,
        desiredCount: desiredCount(appDir, target.environment),
        launchType: 'FARGATE',
        // Behind a load balancer, as on AWS: its target group sends to the container's mapped port.
        ...(port === undefined
          ? {}
          : {
              loadBalancers: [
                {
                  targetGroupArn: `arn:aws:elasticloadbalancing:${emulator.env.AWS_REGION}:${ACCOUNT_ID}:targetgroup/${`${service}-${target.environment}`.slice(0, 32)}/0123456789abcdef`,
                  containerName: container,
                  containerPort: port,
                },
              ],
            }),
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-0rehearsal'], securityGroups: ['sg-0rehearsal'] },
        },
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: true, rollback: true },
          minimumHealthyPercent: 100,
          maximumPercent: 200,
        },
      }),
    );
    await untilSteady(ecs, cluster, service);
  } finally {
    ecs.destroy();
  }
}

/**
 * The versions the service's load balancer answers /health with: the app's own answer's `version`
 * (real containers) or the emulator's x-app-version header (simulated tasks).
 */
export async function servingVersions(
  emulator: EmulatorHandle,
  target: DeployTarget,
  healthPath = '/health',
  samples = 6,
): Promise<string[]> {
  const url = emulator.loadBalancerUrl(target.inputs.cluster ?? '', serviceOf(target));
  const seen = new Set<string>();
  for (let i = 0; i < samples; i++) {
    const response = await fetch(`${url}${healthPath}`, { signal: AbortSignal.timeout(LOOK_TIMEOUT_MS) });
    const text = await response.text();
    let version = response.headers.get('x-app-version') ?? undefined;
    try {
      const body = JSON.parse(text) as { version?: unknown };
      if (typeof body.version === 'string') version = body.version;
    } catch {
      // not JSON: the header says it, or the status does
    }
    seen.add(response.ok && version ? version : `(HTTP ${response.status})`);
  }
  return [...seen];
}
