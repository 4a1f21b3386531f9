import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  ListServiceDeploymentsCommand,
  ListTaskDefinitionsCommand,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';

export type RollbackSource = 'service-deployments' | 'service' | 'family';

export interface RollbackTarget {
  taskDefinitionArn: string;
  source: RollbackSource;
  /** Which source was used and why, for a warning when it is not the service-deployments history. */
  note: string;
}

/**
 * The task definition to go back to: the last successful deployment before the current one. The
 * service-deployments history says so directly; where that API is unavailable (older regions,
 * missing permission) the service's own COMPLETED deployment is next, and last the previous
 * ACTIVE revision of the family, which may never have run and so earns a warning.
 */
export async function findRollbackTarget(
  ecs: ECSClient,
  cluster: string,
  service: Service,
  currentTaskDefinitionArn: string,
): Promise<RollbackTarget | undefined> {
  const fromHistory = await fromServiceDeployments(ecs, cluster, service, currentTaskDefinitionArn).catch(
    () => undefined,
  );
  if (fromHistory) {
    return {
      taskDefinitionArn: fromHistory,
      source: 'service-deployments',
      note: 'last successful service deployment',
    };
  }
  const completed = service.deployments?.find(
    (d) =>
      d.rolloutState === 'COMPLETED' && d.taskDefinition && d.taskDefinition !== currentTaskDefinitionArn,
  );
  if (completed?.taskDefinition) {
    return {
      taskDefinitionArn: completed.taskDefinition,
      source: 'service',
      note: `the service's COMPLETED deployment ${completed.id} (service-deployments history unavailable)`,
    };
  }
  const previous = await previousRevision(ecs, currentTaskDefinitionArn);
  return previous
    ? {
        taskDefinitionArn: previous,
        source: 'family',
        note: 'the previous ACTIVE revision of the family: no deployment history says it ever ran',
      }
    : undefined;
}

async function fromServiceDeployments(
  ecs: ECSClient,
  cluster: string,
  service: Service,
  current: string,
): Promise<string | undefined> {
  const listed = await ecs.send(
    new ListServiceDeploymentsCommand({
      cluster,
      service: service.serviceName,
      status: ['SUCCESSFUL', 'ROLLBACK_SUCCESSFUL'],
    }),
  );
  const arns = (listed.serviceDeployments ?? [])
    .map((d) => d.serviceDeploymentArn)
    .filter((a) => a !== undefined);
  if (arns.length === 0) return undefined;
  const described = await ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns.slice(0, 20) }),
  );
  const newestFirst = (described.serviceDeployments ?? []).sort(
    (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
  );
  const revisionArns = newestFirst.map((d) => d.targetServiceRevision?.arn).filter((a) => a !== undefined);
  if (revisionArns.length === 0) return undefined;
  const revisions = await ecs.send(
    new DescribeServiceRevisionsCommand({ serviceRevisionArns: revisionArns }),
  );
  const byArn = new Map(
    (revisions.serviceRevisions ?? []).map((r) => [r.serviceRevisionArn, r.taskDefinition]),
  );
  return revisionArns.map((arn) => byArn.get(arn)).find((td) => td !== undefined && td !== current);
}

async function previousRevision(ecs: ECSClient, current: string): Promise<string | undefined> {
  const match = /task-definition\/([^:]+):(\d+)$/.exec(current);
  if (!match) return undefined;
  const [, family, revision] = match;
  const listed = await ecs.send(
    new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', maxResults: 100 }),
  );
  return (listed.taskDefinitionArns ?? []).find((arn) => {
    const m = /task-definition\/([^:]+):(\d+)$/.exec(arn);
    return m !== null && m[1] === family && Number(m[2]) < Number(revision);
  });
}
