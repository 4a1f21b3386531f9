// Helpers for tests that drive the native strategies: a load balancer entry fit for blue/green, a
// service switched to a strategy, a deploy that returns its service-deployment ARN, a CloudWatch
// client on the emulator, and sampling which versions answer a listener.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type ECSClient,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from './emulator.js';
import { createAppService, registerApp, waitForSteady } from './testing.js';

export const LB = {
  targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1',
  containerName: 'app',
  containerPort: 8080,
  advancedConfiguration: {
    alternateTargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2',
    productionListenerRule: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/prod/1',
    testListenerRule: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/test/2',
    roleArn: 'arn:aws:iam::123456789012:role/ecs-infrastructure',
  },
};

export const cloudwatchClient = (emulator: EmulatorHandle) =>
  new CloudWatchClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

/** A steady service on shop/web:v1, then switched to `config` with the load balancer above. */
export async function serviceWith(ecs: ECSClient, service: string, config: DeploymentConfiguration) {
  await createAppService(ecs, { service, image: 'shop/web:v1', desiredCount: 2 });
  await waitForSteady(ecs, service);
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'apps',
      service,
      deploymentConfiguration: config,
      loadBalancers: [LB],
    }),
  );
}

/** Deploys `image` and returns the new service deployment's ARN. */
export async function deploy(ecs: ECSClient, service: string, image: string): Promise<string> {
  const arn = await registerApp(ecs, service, image);
  await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service, taskDefinition: arn }));
  const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'apps', service }));
  return list.serviceDeployments![0]!.serviceDeploymentArn!;
}

export async function describeDeployment(ecs: ECSClient, arn: string): Promise<ServiceDeployment> {
  const out = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
  return out.serviceDeployments![0]!;
}

/** Which versions answer `n` requests on a listener (status code when not 200). */
export async function versions(url: string, n: number): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/`);
    const version = res.status === 200 ? (res.headers.get('x-app-version') ?? '?') : String(res.status);
    seen[version] = (seen[version] ?? 0) + 1;
  }
  return seen;
}
