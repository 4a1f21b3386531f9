// Before a story: the application's repository as `pnpm install-pipeline` leaves it (templates,
// task-definition skeletons, policy), and a fresh emulator world running the previous version.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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
import type { Environment } from './story-types.js';
import { untilSteady } from './until-steady.js';

export const APP = 'shop-web';
export const SERVICE = 'web';
export const PREVIOUS_VERSION = 'v1.4.2';
/** The image the seeded tasks run; a rollback starts new tasks from it. */
export const PREVIOUS_IMAGE = `shop/web:${PREVIOUS_VERSION}`;
export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';
export const clusterOf = (environment: Environment) => `shop-${environment}`;
export const taskDefinitionPath = (environment: Environment) =>
  `.github/task-definitions/${environment}.json`;

/**
 * Installs the pipeline into a new folder with the repository's own installer, as a consumer does
 * (`./dev install-pipeline --shipline … --into …`): the stories use what it writes.
 */
export function installConsumer(repoRoot: string, thisRepository: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipline-consumer-'));
  const args = ['--shipline', thisRepository, '--into', dir, '--app', APP];
  const installed = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/install-pipeline.ts',
      ...args,
      '--aws-account-id',
      ACCOUNT_ID,
      '--aws-region',
      REGION,
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (installed.status !== 0) {
    throw new Error(
      `install-pipeline failed (exit ${installed.status}): ${installed.stderr || installed.stdout}`,
    );
  }
  return dir;
}

/** A copy of the consumer repository with a Dockerfile whose image differs per version. */
export function makeWorkspace(consumer: string, version: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipline-rehearsal-'));
  fs.cpSync(consumer, dir, { recursive: true });
  // FROM scratch builds without the network; the version file makes every release a new digest.
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY version.txt /version.txt\nUSER 1000\n');
  fs.writeFileSync(path.join(dir, 'version.txt'), `${version}\n`);
  return dir;
}

function skeleton(
  workspace: string,
  environment: Environment,
  image: string,
): RegisterTaskDefinitionCommandInput {
  const file = path.join(workspace, taskDefinitionPath(environment));
  const definition = JSON.parse(fs.readFileSync(file, 'utf8')) as RegisterTaskDefinitionCommandInput;
  const containers = (definition.containerDefinitions ?? []).map((c: ContainerDefinition) => ({
    ...c,
    image,
    environment: (c.environment ?? []).map((e) =>
      e.name === 'APP_VERSION' ? { ...e, value: PREVIOUS_VERSION } : e,
    ),
  }));
  return { ...definition, containerDefinitions: containers };
}

const ELB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}`;
/**
 * Production as the templates deploy it (blue-green, the new version smoke-tested on the test
 * listener first): an alternate target group, production and test listener rules and the role ECS
 * changes them with, and a PAUSE hook after the test traffic shift (workflows/README.md, "Strategies").
 */
const BLUE_GREEN_READY = {
  deploymentConfiguration: {
    strategy: 'BLUE_GREEN' as const,
    lifecycleHooks: [
      {
        targetType: 'PAUSE' as const,
        lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT' as const],
        // 100 hours, not the templates' 60 minutes: the emulator's clock runs 100 times faster than
        // the actions that answer the hook, so 60 minutes would leave the smoke test and the resume 36
        // real seconds, which a loaded machine can overrun (ECS then rolls a good release back).
        timeoutConfiguration: { timeoutInMinutes: 6_000, action: 'ROLLBACK' as const },
      },
    ],
  },
  loadBalancers: (cluster: string) => [
    {
      targetGroupArn: `${ELB}:targetgroup/${cluster}-blue/1`,
      // The container and port of install-pipeline's skeleton.
      containerName: 'app',
      containerPort: 3000,
      advancedConfiguration: {
        alternateTargetGroupArn: `${ELB}:targetgroup/${cluster}-green/2`,
        productionListenerRule: `${ELB}:listener-rule/app/${cluster}/1/443/1`,
        testListenerRule: `${ELB}:listener-rule/app/${cluster}/1/8443/1`,
        roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/ecsInfrastructureRoleForLoadBalancers`,
      },
    },
  ],
};

/**
 * Creates the environment's cluster and service from the installed skeleton, running the previous
 * version with the task count install-pipeline recorded, and waits until it serves.
 */
export async function seedEnvironment(emulator: EmulatorHandle, workspace: string, environment: Environment) {
  const ecs = new ECSClient({
    endpoint: emulator.url,
    region: REGION,
    credentials: { accessKeyId: 'rehearsal', secretAccessKey: 'rehearsal' },
  });
  const scaling = JSON.parse(
    fs.readFileSync(path.join(workspace, '.github/task-definitions/scaling.json'), 'utf8'),
  );
  const cluster = clusterOf(environment);
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand(skeleton(workspace, environment, PREVIOUS_IMAGE)),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: SERVICE,
      taskDefinition: registered.taskDefinition!.taskDefinitionArn,
      desiredCount: Number(scaling[environment].desiredCount),
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-0rehearsal'], securityGroups: ['sg-0rehearsal'] },
      },
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        ...(environment === 'production' ? BLUE_GREEN_READY.deploymentConfiguration : {}),
      },
      ...(environment === 'production' ? { loadBalancers: BLUE_GREEN_READY.loadBalancers(cluster) } : {}),
    }),
  );
  await untilSteady(ecs, cluster, SERVICE);
  ecs.destroy();
}

/**
 * How long a look at what serves waits for an answer: not a measure (smoke-test measures), so a slow
 * release on a busy machine is still seen for what it is rather than as a timeout.
 */
export const LOOK_TIMEOUT_MS = 30_000;

/** The versions the load balancer's targets report, from `samples` requests. */
export async function servingVersions(emulator: EmulatorHandle, environment: Environment, samples = 6) {
  const url = emulator.loadBalancerUrl(clusterOf(environment), SERVICE);
  const seen = new Set<string>();
  for (let i = 0; i < samples; i++) {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(LOOK_TIMEOUT_MS) });
    seen.add(response.headers.get('x-app-version') ?? `(HTTP ${response.status})`);
    await response.body?.cancel();
  }
  return [...seen];
}
