/** Helpers for tests that drive the emulator through the SDK: clients, services, waits. */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type DeploymentConfiguration,
  type KeyValuePair,
  type Service,
} from '@aws-sdk/client-ecs';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from './index.js';

export { SimClock } from './clock.js';
export { SteppedActor, SteppedTime } from './stepped-time.js';
export { ecsCall, type WireJson } from './testing-wire.js';

/** Default test speed: 400 simulated seconds per real second (a 40 s rollout takes 0.1 s). */
export const TEST_CLOCK_SCALE = 400;

export function startTestEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  return startEmulator({ clockScale: TEST_CLOCK_SCALE, tickMs: 10, ...options });
}

export function ecsClient(emulator: EmulatorHandle, maxAttempts = 3): ECSClient {
  return new ECSClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts,
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

export async function registerApp(
  ecs: ECSClient,
  family: string,
  image: string,
  environment: KeyValuePair[] = [],
): Promise<string> {
  const result = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [
        { name: 'app', image, essential: true, environment, portMappings: [{ containerPort: 8080 }] },
      ],
    }),
  );
  return result.taskDefinition!.taskDefinitionArn!;
}

export interface ServiceSetup {
  cluster?: string;
  service: string;
  image: string;
  desiredCount?: number;
  deploymentConfiguration?: DeploymentConfiguration;
  environment?: KeyValuePair[];
}

/** Creates the cluster, registers `image` under family = service name and creates the service. */
export async function createAppService(ecs: ECSClient, setup: ServiceSetup): Promise<string> {
  const cluster = setup.cluster ?? 'apps';
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const arn = await registerApp(ecs, setup.service, setup.image, setup.environment);
  await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: setup.service,
      taskDefinition: arn,
      desiredCount: setup.desiredCount ?? 2,
      deploymentConfiguration: setup.deploymentConfiguration,
    }),
  );
  return arn;
}

export async function describeService(ecs: ECSClient, service: string, cluster = 'apps'): Promise<Service> {
  const result = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  return result.services![0]!;
}

/** What `aws ecs wait services-stable` checks: one deployment and runningCount == desiredCount. */
export const isStable = (service: Service) =>
  service.deployments?.length === 1 && service.runningCount === service.desiredCount;

export async function waitForSteady(ecs: ECSClient, service: string, cluster = 'apps'): Promise<Service> {
  return waitFor(`service ${service} to be steady`, async () => {
    const described = await describeService(ecs, service, cluster);
    return isStable(described) && described.deployments![0]!.rolloutState === 'COMPLETED'
      ? described
      : undefined;
  });
}
