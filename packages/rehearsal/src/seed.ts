// Before a story: a fresh emulator world with the application running its previous version in each
// environment, and a workspace that looks like the application's repository.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import type { Environment } from './stories.js';

export const SERVICE = 'web';
export const PREVIOUS_VERSION = 'v1.4.2';
export const clusterOf = (environment: Environment) => `shop-${environment}`;
export const taskDefinitionPath = (environment: Environment) => `deploy/task-definition.${environment}.json`;

/** The seed's sizes: staging 0.5 vCPU / 1 GB, production 1 vCPU / 2 GB. */
const SIZES: Record<Environment, { cpu: string; memory: string; desiredCount: number }> = {
  staging: { cpu: '512', memory: '1024', desiredCount: 1 },
  production: { cpu: '1024', memory: '2048', desiredCount: 2 },
};

export function taskDefinition(
  environment: Environment,
  image: string,
  version: string,
): RegisterTaskDefinitionCommandInput {
  const size = SIZES[environment];
  return {
    family: `shop-web-${environment}`,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: size.cpu,
    memory: size.memory,
    containerDefinitions: [
      {
        name: 'app',
        image,
        essential: true,
        user: '1000',
        portMappings: [{ containerPort: 3000, protocol: 'tcp' }],
        environment: [{ name: 'APP_VERSION', value: version }],
        healthCheck: {
          command: ['CMD-SHELL', 'wget -qO- http://localhost:3000/health || exit 1'],
          interval: 30,
          timeout: 5,
          retries: 3,
        },
      },
    ],
  };
}

function ecsFor(emulator: EmulatorHandle): ECSClient {
  return new ECSClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'rehearsal', secretAccessKey: 'rehearsal' },
  });
}

/** Creates the environment's cluster and service on the previous version and waits until it serves. */
export async function seedEnvironment(emulator: EmulatorHandle, environment: Environment): Promise<void> {
  const ecs = ecsFor(emulator);
  const cluster = clusterOf(environment);
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand(
      taskDefinition(environment, `shop/web:${PREVIOUS_VERSION}`, PREVIOUS_VERSION),
    ),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: SERVICE,
      taskDefinition: registered.taskDefinition!.taskDefinitionArn,
      desiredCount: SIZES[environment].desiredCount,
      launchType: 'FARGATE',
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
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster, services: [SERVICE] }));
    const service = services?.[0];
    if (
      service?.runningCount === service?.desiredCount &&
      service?.deployments?.[0]?.rolloutState === 'COMPLETED'
    )
      break;
    if (Date.now() > deadline) throw new Error(`the seeded ${cluster}/${SERVICE} did not become steady`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  ecs.destroy();
}

/** The application's repository as the checkout would leave it: Dockerfile and task definitions. */
export function makeWorkspace(version: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipline-rehearsal-'));
  // FROM scratch builds without the network; the version file makes every release a new digest.
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY version.txt /version.txt\nUSER 1000\n');
  fs.writeFileSync(path.join(dir, 'version.txt'), `${version}\n`);
  fs.mkdirSync(path.join(dir, 'deploy'));
  for (const environment of ['staging', 'production'] as const) {
    const definition = taskDefinition(environment, 'replaced-by-the-pipeline', 'replaced-by-the-pipeline');
    fs.writeFileSync(path.join(dir, taskDefinitionPath(environment)), JSON.stringify(definition, null, 2));
  }
  return dir;
}

/** The versions the load balancer's targets report, from `samples` requests. */
export async function servingVersions(emulator: EmulatorHandle, environment: Environment, samples = 6) {
  const url = emulator.loadBalancerUrl(clusterOf(environment), SERVICE);
  const seen = new Set<string>();
  for (let i = 0; i < samples; i++) {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    seen.add(response.headers.get('x-app-version') ?? `(HTTP ${response.status})`);
    await response.body?.cancel();
  }
  return [...seen];
}
