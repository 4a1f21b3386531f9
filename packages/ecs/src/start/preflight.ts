// Pre-flight: the services described and refused, changing nothing, when they cannot be deployed to.
import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import { describeServices, type CallContext } from '../client/ecs-client.js';

/** A reason not to touch a service, found before anything was changed. */
export class PreflightError extends Error {
  override name = 'PreflightError';
}

/**
 * Describes the services (ten per call) and refuses, before any change, when one is missing,
 * not ACTIVE (draining or deleted) or deployed by CodeDeploy or an external controller, which an
 * ECS rolling update cannot drive. Every problem is reported at once.
 */
export async function preflightServices(
  ecs: ECSClient,
  cluster: string,
  names: string[],
  context: CallContext,
): Promise<Service[]> {
  const found = await describeServices(ecs, cluster, names, context).catch(async (error: unknown) => {
    if ((error as Error).name !== 'ClusterNotFoundException') throw error;
    // ECS says only "Cluster not found.": a wrong name and a wrong region look alike, so say both.
    const region = await ecs.config.region().catch(() => 'unknown');
    throw new PreflightError(
      `Nothing was changed: cluster '${cluster}' was not found in region ${region} (check the cluster input and AWS_REGION).`,
      { cause: error },
    );
  });
  const problems: string[] = [];
  for (const name of names) {
    const service = found.get(name);
    const problem = service
      ? serviceProblem(service)
      : `service '${name}' was not found in cluster '${cluster}'`;
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) {
    throw new PreflightError(`Nothing was changed: ${problems.join('; ')}.`);
  }
  return names.map((name) => found.get(name)!);
}

function serviceProblem(service: Service): string | undefined {
  const name = service.serviceName ?? service.serviceArn;
  if (service.status !== 'ACTIVE') {
    return `service '${name}' is ${service.status}, not ACTIVE${service.status === 'DRAINING' ? ' (it is being deleted)' : ''}`;
  }
  const controller = service.deploymentController?.type ?? 'ECS';
  if (controller !== 'ECS') {
    const how =
      controller === 'CODE_DEPLOY' ? 'deploy it with AWS CodeDeploy' : 'deploy it through its task sets';
    return `service '${name}' uses the ${controller} deployment controller, which is not supported: only ECS rolling updates are (${how})`;
  }
  return undefined;
}

/** The task definition a service runs now: its PRIMARY deployment's, else the service's own. */
export function currentTaskDefinition(service: Service): string | undefined {
  return service.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? service.taskDefinition;
}
