// Bench helpers for native strategies: a service behind a blue/green-ready load balancer, what the
// production listener serves, and when (wall clock) service deployments reach a status.
import { UpdateServiceCommand, type DeploymentConfiguration, type ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { createAppService, waitForSteady } from '@shipline/ecs-emulator/testing';

const ELB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';

/** A steady service on v1 behind a load balancer with advancedConfiguration, with `config` set. */
export async function balancedService(
  ecs: ECSClient,
  name: string,
  config: DeploymentConfiguration,
): Promise<void> {
  await createAppService(ecs, { service: name, image: `shop/${name}:v1`, desiredCount: 2 });
  await waitForSteady(ecs, name);
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'apps',
      service: name,
      deploymentConfiguration: config,
      loadBalancers: [
        {
          targetGroupArn: `${ELB}:targetgroup/${name}-blue/1`,
          containerName: 'app',
          containerPort: 8080,
          advancedConfiguration: {
            alternateTargetGroupArn: `${ELB}:targetgroup/${name}-green/2`,
            productionListenerRule: `${ELB}:listener-rule/app/shop/1/2/${name}`,
            roleArn: 'arn:aws:iam::123456789012:role/ecs-infrastructure',
          },
        },
      ],
    }),
  );
}

/** True when `n` requests in a row to the production listener were all answered by `version`. */
export async function allServedBy(
  emulator: EmulatorHandle,
  service: string,
  version: string,
  n = 4,
): Promise<boolean> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${emulator.loadBalancerUrl('apps', service)}/`);
    if (res.headers.get('x-app-version') !== version) return false;
  }
  return true;
}

interface RecordView {
  serviceDeploymentArn: string;
  serviceArn?: string;
  status: string;
  lifecycleStage?: string;
}

/**
 * Samples the emulator's service deployments of `service` in-process every 10 ms and records, in
 * wall-clock ms (performance.now), when each was first seen in each status and stage, and when
 * each ECS operation was first called after `mark()`.
 */
export function watchServiceDeployments(emulator: EmulatorHandle, service: string) {
  const first = new Map<string, number>();
  let latest: RecordView[] = [];
  const sample = () => {
    const state = emulator.state() as { serviceDeployments: RecordView[] };
    latest = state.serviceDeployments.filter((r) => r.serviceArn?.endsWith(`/${service}`));
    const now = performance.now();
    for (const r of latest) {
      for (const key of [
        `${r.serviceDeploymentArn}/${r.status}`,
        `${r.serviceDeploymentArn}/${r.lifecycleStage}`,
      ]) {
        if (!first.has(key)) first.set(key, now);
      }
    }
  };
  const timer = setInterval(sample, 10);
  return {
    stop: () => clearInterval(timer),
    latest: () => latest,
    until: async (done: (records: RecordView[]) => boolean) => {
      while (!done(latest)) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    firstAt: (arn: string, statusOrStage: string) => first.get(`${arn}/${statusOrStage}`),
  };
}
