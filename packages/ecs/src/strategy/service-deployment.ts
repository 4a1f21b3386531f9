// The service deployment (ListServiceDeployments/DescribeServiceDeployments) behind a deployment
// of a native strategy: finding it for a deployment id, reading it, what it shows in one line.
import {
  DescribeServiceRevisionsCommand,
  ListServiceDeploymentsCommand,
  type ECSClient,
  type Service,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { callEcs, type CallContext } from '../client/ecs-client.js';
import { readServiceDeployment } from '../watch/service-deployment-reader.js';
import { joinRevisionRead } from '../watch/service-revision-reader.js';

/** How many of the newest service deployments are looked at to find ours. */
const NEWEST = 5;

/**
 * The service deployment ECS started for `deploymentId` (a DescribeServices deployment id): the
 * newest one created no earlier than that deployment whose target revision runs its task
 * definition. DescribeServices does not name it, so this is how it is found; undefined until ECS
 * shows both.
 */
export async function findServiceDeployment(
  ecs: ECSClient,
  cluster: string,
  service: Service,
  deploymentId: string,
  context: CallContext,
): Promise<string | undefined> {
  const ours = service.deployments?.find((d) => d.id === deploymentId);
  if (!ours?.taskDefinition) return undefined;
  // Joined now, before the list call: the look's other judges read their revisions in the same call.
  const revisions = joinRevisionRead(ecs, context);
  try {
    const listed = await callEcs(context, (o) =>
      ecs.send(new ListServiceDeploymentsCommand({ cluster, service: service.serviceName }), o),
    );
    const since = (ours.createdAt?.getTime() ?? 0) - 1_000;
    const arns = (listed.serviceDeployments ?? [])
      .filter((d) => (d.createdAt?.getTime() ?? 0) >= since)
      .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
      .slice(0, NEWEST)
      .map((d) => ({ arn: d.serviceDeploymentArn, revision: d.targetServiceRevisionArn }))
      .filter((d): d is { arn: string; revision: string } => Boolean(d.arn && d.revision));
    if (arns.length === 0) {
      revisions.leave();
      return undefined;
    }
    const read = await revisions.read(arns.map((d) => d.revision));
    return arns.find((d) => read.get(d.revision)?.taskDefinition === ours.taskDefinition)?.arn;
  } catch (error) {
    revisions.leave();
    throw error;
  }
}

/** Read together with the other reads of the same look (watch/service-deployment-reader.ts). */
export function describeServiceDeployment(
  ecs: ECSClient,
  arn: string,
  context: CallContext,
): Promise<ServiceDeployment | undefined> {
  return readServiceDeployment(ecs, arn, context);
}

/** One moment of a native rollout, as the timeline shows it. */
export interface RolloutMoment {
  /** ECS's time for it (updatedAt), ISO. */
  at: string;
  status: string;
  stage?: string;
  /** Production traffic on green (the new revision), %; undefined when ECS does not say. */
  productionGreen?: number;
  /** Test traffic on green, %. */
  testGreen?: number;
  /** Alarms ECS saw in ALARM during the deployment. */
  alarms: string[];
  /** A lifecycle hook not yet resolved: `PAUSE AWAITING_ACTION (hook abc)`. */
  hook?: string;
}

export function momentOf(deployment: ServiceDeployment, now: number): RolloutMoment {
  const target = deployment.targetServiceRevision;
  const hook = deployment.lifecycleHookDetails?.find(
    (h) => h.status === 'AWAITING_ACTION' || h.status === 'IN_PROGRESS',
  );
  return {
    at: (deployment.updatedAt ?? new Date(now)).toISOString(),
    status: deployment.status ?? 'UNKNOWN',
    stage: deployment.lifecycleStage,
    productionGreen: target?.requestedProductionTrafficWeight,
    testGreen: target?.requestedTestTrafficWeight,
    alarms: deployment.alarms?.triggeredAlarmNames ?? [],
    hook: hook ? `${hook.targetType ?? 'hook'} ${hook.status} (hook ${hook.hookId})` : undefined,
  };
}

/** `BAKE_TIME, production 100% green / 0% blue, alarms: web-5xx` */
export function describeMoment(moment: RolloutMoment): string {
  const traffic =
    moment.productionGreen === undefined
      ? ''
      : `, production ${round(moment.productionGreen)}% green / ${round(100 - moment.productionGreen)}% blue`;
  const test = moment.testGreen ? `, test ${round(moment.testGreen)}% green` : '';
  const alarms = moment.alarms.length > 0 ? `, alarm: ${moment.alarms.join(', ')}` : '';
  const hook = moment.hook ? `, ${moment.hook}` : '';
  return `${moment.status} ${moment.stage ?? ''}${traffic}${test}${alarms}${hook}`.replace(/ ,/, ',');
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Same stage, traffic, alarms and hook: nothing to print. */
export function sameMoment(a: RolloutMoment | undefined, b: RolloutMoment): boolean {
  return a !== undefined && JSON.stringify({ ...a, at: '' }) === JSON.stringify({ ...b, at: '' });
}

/** The in-progress (or pending) service deployment moving `service` to the task definition `from`. */
export async function inProgressServiceDeployment(
  ecs: ECSClient,
  cluster: string,
  service: string,
  from: string,
  context: CallContext,
): Promise<string | undefined> {
  const listed = await callEcs(context, (o) =>
    ecs.send(new ListServiceDeploymentsCommand({ cluster, service, status: ['PENDING', 'IN_PROGRESS'] }), o),
  );
  const found = (listed.serviceDeployments ?? [])
    .map((d) => ({ arn: d.serviceDeploymentArn, revision: d.targetServiceRevisionArn }))
    .filter((d): d is { arn: string; revision: string } => Boolean(d.arn && d.revision))
    .slice(0, 20);
  if (found.length === 0) return undefined;
  const revisions = await callEcs(context, (o) =>
    ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: found.map((d) => d.revision) }), o),
  );
  const taskDefinitionOf = new Map(
    (revisions.serviceRevisions ?? []).map((r) => [r.serviceRevisionArn, r.taskDefinition]),
  );
  return found.find((d) => taskDefinitionOf.get(d.revision) === from)?.arn;
}
