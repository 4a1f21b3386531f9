// Test helpers for deploy-ecs on native strategies: a steady service behind a load balancer with
// blue/green's advancedConfiguration (and a PAUSE hook after test traffic), and sampling which
// version the production listener serves.
import { UpdateServiceCommand, type DeploymentConfiguration, type ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { createAppService, waitForSteady } from '@shipline/ecs-emulator/testing';

const ELB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';

/** A load balancer entry ready for BLUE_GREEN, CANARY and LINEAR (alternate target group, rules, role). */
export const balancer = (service: string) => ({
  targetGroupArn: `${ELB}:targetgroup/${service}-blue/1`,
  containerName: 'app',
  containerPort: 8080,
  advancedConfiguration: {
    alternateTargetGroupArn: `${ELB}:targetgroup/${service}-green/2`,
    productionListenerRule: `${ELB}:listener-rule/app/shop/1/2/${service}-prod`,
    testListenerRule: `${ELB}:listener-rule/app/shop/1/2/${service}-test`,
    roleArn: 'arn:aws:iam::123456789012:role/ecs-infrastructure',
  },
});

/** A steady rolling service on `shop/<name>:v1` behind a load balancer a native strategy can use. */
export async function balancedService(ecs: ECSClient, name: string): Promise<string> {
  const arn = await createAppService(ecs, { service: name, image: `shop/${name}:v1`, desiredCount: 2 });
  await waitForSteady(ecs, name);
  await ecs.send(
    new UpdateServiceCommand({ cluster: 'apps', service: name, loadBalancers: [balancer(name)] }),
  );
  return arn;
}

/** How many of `n` requests to the production listener each version answered (`x-app-version`). */
export async function served(
  emulator: EmulatorHandle,
  service: string,
  n = 10,
): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${emulator.loadBalancerUrl('apps', service)}/`);
    const version = res.headers.get('x-app-version') ?? String(res.status);
    seen[version] = (seen[version] ?? 0) + 1;
  }
  return seen;
}

// The emulator's secret key is `test`, which the step masks: the test listener's URL (/_lb-test/)
// would come out with stars in it.
export const NOT_TEST = { AWS_SECRET_ACCESS_KEY: 'emulator-secret' };

export const PAUSE_AFTER_TEST = {
  targetType: 'PAUSE' as const,
  lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT' as const],
  timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' as const },
};

/** A steady service on v1 behind a load balancer with a test listener, a PAUSE hook after test traffic. */
export async function pausingService(ecs: ECSClient, name: string, config: DeploymentConfiguration) {
  await balancedService(ecs, name);
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'apps',
      service: name,
      deploymentConfiguration: { ...config, lifecycleHooks: [PAUSE_AFTER_TEST] },
    }),
  );
}
