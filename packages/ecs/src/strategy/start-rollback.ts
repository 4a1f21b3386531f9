// Starting a rollback: StopServiceDeployment(ROLLBACK) where ECS can do it itself, else UpdateService.
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { poll } from '@shipline/toolkit';
import { describeAwsError } from '../client/aws-errors.js';
import { callEcs, type CallContext } from '../client/ecs-client.js';
import { shortArn } from '../task-definition/names.js';

export interface RollbackRequest {
  cluster: string;
  service: string;
  /** The task definition being rolled back (the failed or unwanted one). */
  from: string;
  /** The task definition to return to. */
  to: string;
}

export interface StartedRollback {
  method: 'StopServiceDeployment' | 'UpdateService';
  /** The ECS deployment that returns the service to `to`; '' when not awaited (ECS starts it later). */
  deploymentId: string;
  /** The service deployment stopped with ROLLBACK, for StopServiceDeployment. */
  serviceDeploymentArn?: string;
  note: string;
}

/**
 * Starts returning a service to `to`. Where the deployment of `from` is still in progress and its
 * source revision is `to`, StopServiceDeployment(ROLLBACK) does it the way ECS itself rolls back;
 * otherwise (no service-deployments API, no permission, deployment already stopped) UpdateService
 * does. Returns the id of the deployment that carries the rollback, for following.
 */
export async function startRollback(
  ecs: ECSClient,
  request: RollbackRequest,
  context: CallContext,
  how: { awaitDeployment: boolean } = { awaitDeployment: true },
): Promise<StartedRollback> {
  let fallbackWhy = 'no in-progress service deployment of it to stop';
  try {
    const arn = await inProgressDeploymentOf(ecs, request, context);
    if (arn) {
      await callEcs(context, (o) =>
        ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }), o),
      );
      const deploymentId = how.awaitDeployment ? await primaryDeploymentOn(ecs, request, context) : '';
      return {
        method: 'StopServiceDeployment',
        deploymentId,
        serviceDeploymentArn: arn,
        note: `stopped service deployment ${arn.split('/').pop()} with ROLLBACK`,
      };
    }
  } catch (error) {
    if (context.signal?.aborted) throw error;
    fallbackWhy = `StopServiceDeployment was not possible (${describeAwsError(error)})`;
  }
  const deploymentId = await updateServiceTo(ecs, request, context);
  return { method: 'UpdateService', deploymentId, note: `updated the service (${fallbackWhy})` };
}

/** UpdateService to the request's revision; the id of the deployment it started (else an error). */
export async function updateServiceTo(
  ecs: ECSClient,
  request: RollbackRequest,
  context: CallContext,
): Promise<string> {
  const answer = await callEcs(context, (o) =>
    ecs.send(
      new UpdateServiceCommand({
        cluster: request.cluster,
        service: request.service,
        taskDefinition: request.to,
      }),
      o,
    ),
  );
  const primary = answer.service?.deployments?.find((d) => d.status === 'PRIMARY');
  if (!primary?.id || primary.taskDefinition !== request.to) {
    throw new Error(
      `UpdateService did not start a deployment of ${shortArn(request.to)} on ${request.service}`,
    );
  }
  return primary.id;
}

/** The in-progress service deployment that moves the service from `to` to `from`, if there is one. */
async function inProgressDeploymentOf(
  ecs: ECSClient,
  request: RollbackRequest,
  context: CallContext,
): Promise<string | undefined> {
  const listed = await callEcs(context, (o) =>
    ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: request.cluster,
        service: request.service,
        status: ['PENDING', 'IN_PROGRESS'],
      }),
      o,
    ),
  );
  const arns = (listed.serviceDeployments ?? [])
    .map((d) => d.serviceDeploymentArn)
    .filter((a) => a !== undefined);
  if (arns.length === 0) return undefined;
  const described = await callEcs(context, (o) =>
    ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns.slice(0, 20) }), o),
  );
  for (const deployment of described.serviceDeployments ?? []) {
    const target = deployment.targetServiceRevision?.arn;
    const sources = (deployment.sourceServiceRevisions ?? [])
      .map((r) => r.arn)
      .filter((a) => a !== undefined);
    if (!target || sources.length === 0) continue;
    const revisions = await callEcs(context, (o) =>
      ecs.send(
        new DescribeServiceRevisionsCommand({ serviceRevisionArns: [target, ...sources].slice(0, 20) }),
        o,
      ),
    );
    const taskDefinitionOf = new Map(
      (revisions.serviceRevisions ?? []).map((r) => [r.serviceRevisionArn, r.taskDefinition]),
    );
    const fromMatches = taskDefinitionOf.get(target) === request.from;
    // ECS returns to one source revision; with several (a FAILED or unfinished deployment was
    // still there) it need not be `to`, so only a deployment whose every source is `to` is stopped.
    const toMatches = sources.every((arn) => taskDefinitionOf.get(arn) === request.to);
    if (fromMatches && toMatches) return deployment.serviceDeploymentArn;
  }
  return undefined;
}

/** ECS starts a StopServiceDeployment rollback on its own schedule: waits for its PRIMARY deployment. */
async function primaryDeploymentOn(
  ecs: ECSClient,
  request: RollbackRequest,
  context: CallContext,
): Promise<string> {
  const deadline = Math.min(context.deadline, (context.clock?.now() ?? Date.now()) + 60_000);
  return poll({
    deadline,
    signal: context.signal,
    clock: context.clock,
    minIntervalMs: 500,
    maxIntervalMs: 2_000,
    check: async () => {
      const answer = await callEcs({ ...context, deadline }, (o) =>
        ecs.send(new DescribeServicesCommand({ cluster: request.cluster, services: [request.service] }), o),
      );
      const primary = answer.services?.[0]?.deployments?.find((d) => d.status === 'PRIMARY');
      const id = primary?.taskDefinition === request.to ? primary.id : undefined;
      return { done: id !== undefined, value: id ?? '' };
    },
  });
}
