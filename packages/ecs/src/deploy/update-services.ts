// Updating every service to the new task definition, one UpdateService each, noting the deployment started.
import { UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs';
import { callEcs, type CallContext } from '../client/ecs-client.js';
import type { DeployStrategy } from '../strategy/deploy-strategy.js';
import { shortArn } from '../task-definition/names.js';
import type { DeployDeps, DeployOptions, ServiceOutcome } from './deploy-types.js';

/**
 * Updates the services in order. A failed UpdateService stops the run with an error naming the
 * services already updated; cancelled mid-way, the services updated so far are returned, to be
 * handled like a cancel while waiting.
 */
export async function updateServices(
  options: DeployOptions,
  deps: DeployDeps,
  context: CallContext,
  taskDefinitionArn: string,
  before: { service: Service; previous?: string; previousNote?: string; strategy?: DeployStrategy }[],
): Promise<ServiceOutcome[]> {
  const outcomes: ServiceOutcome[] = [];
  for (const { service, previous, previousNote, strategy } of before) {
    const name = service.serviceName!;
    const priorPrimary = service.deployments?.find((d) => d.status === 'PRIMARY')?.id;
    let answer;
    try {
      answer = await callEcs(context, (o) =>
        deps.ecs.send(
          new UpdateServiceCommand({
            cluster: options.cluster,
            service: name,
            taskDefinition: taskDefinitionArn,
            desiredCount: options.desiredCount,
            forceNewDeployment: options.forceNewDeployment,
            // Only when the strategy inputs change it: otherwise the service's stays as it is.
            deploymentConfiguration: strategy?.plan.configuration,
          }),
          o,
        ),
      );
    } catch (error) {
      if (deps.signal?.aborted && outcomes.length > 0) {
        // Cancelled mid-update: the services updated so far are handled like a cancel while waiting.
        deps.log.warning(
          `${name}: cancelled during its UpdateService call, which ECS may or may not have applied`,
        );
        return outcomes;
      }
      if (deps.signal?.aborted) throw error;
      const done = outcomes.map((o) => o.service);
      const note = done.length > 0 ? ` Already updated: ${done.join(', ')}.` : ' No service was changed.';
      throw new Error(`UpdateService failed for ${name}: ${(error as Error).message}.${note}`, {
        cause: error,
      });
    }
    const primary = answer.service?.deployments?.find((d) => d.status === 'PRIMARY');
    const newDeployment = primary?.id !== priorPrimary;
    deps.log.info(
      newDeployment
        ? `${name}: deployment ${primary?.id} of ${shortArn(taskDefinitionArn)} started`
        : `${name}: already on ${shortArn(taskDefinitionArn)}; no new deployment (following ${primary?.id})`,
    );
    outcomes.push({
      service: name,
      previousTaskDefinitionArn: previous,
      previousNote,
      taskDefinitionArn,
      deploymentId: primary?.id,
      newDeployment,
      rolloutState: 'IN_PROGRESS',
      rolledBack: false,
      ...(strategy ? { strategy: strategy.name } : {}),
      events: [],
      stoppedTasks: [],
    });
  }
  return outcomes;
}
