// The task definition 'previous' means: the newest that demonstrably served, from the deployment history.
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  ListServiceDeploymentsCommand,
  ListTaskDefinitionsCommand,
  type ECSClient,
  type Service,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { callEcs, inChunks, type CallContext } from '../client/ecs-client.js';

export type RollbackSource = 'service-deployments' | 'service' | 'family';

/** The service deployment whose outcome shows that the target revision served. */
export interface RollbackProof {
  serviceDeploymentArn: string;
  /** The last part of the ARN, for logs. */
  id: string;
  status: 'SUCCESSFUL' | 'ROLLBACK_SUCCESSFUL';
}

export interface RollbackTarget {
  taskDefinitionArn: string;
  source: RollbackSource;
  /** Why this revision, for the log and summary ("served by service deployment … (SUCCESSFUL)"). */
  note: string;
  /** Set when the service-deployments history chose the target. */
  proof?: RollbackProof;
}

/** ListServiceDeployments pages read at most (20 deployments each): enough for any real history. */
const MAX_PAGES = 10;
const CHUNK = 20;

/**
 * The task definition to go back to: the newest one that demonstrably served, other than
 * `current` (undefined: whatever served last). Served means the target of a SUCCESSFUL service
 * deployment, or what a ROLLBACK_SUCCESSFUL one rolled back to (`rollback.serviceRevisionArn`):
 * the `targetServiceRevision` of a rolled-back deployment is the revision that failed. Where the
 * history API is unavailable (older regions, missing permission) the service's own COMPLETED
 * deployment is next, and last the previous ACTIVE revision of the family, which may never have
 * run and so earns a warning. A history that is there but names no other revision finds nothing.
 */
export async function findRollbackTarget(
  ecs: ECSClient,
  cluster: string,
  service: Service,
  current: string | undefined,
  context: CallContext = { deadline: Date.now() + 60_000 },
): Promise<RollbackTarget | undefined> {
  try {
    return await servedFromHistory(ecs, cluster, service.serviceName!, current, context);
  } catch (error) {
    if (context.signal?.aborted) throw error;
  }
  const completed = service.deployments?.find(
    (d) => d.rolloutState === 'COMPLETED' && d.taskDefinition && d.taskDefinition !== current,
  );
  if (completed?.taskDefinition) {
    return {
      taskDefinitionArn: completed.taskDefinition,
      source: 'service',
      note: `the service's COMPLETED deployment ${completed.id} (service-deployments history unavailable)`,
    };
  }
  const previous = current ? await previousRevision(ecs, current, context) : undefined;
  return previous
    ? {
        taskDefinitionArn: previous,
        source: 'family',
        note: 'the previous ACTIVE revision of the family: no deployment history says it ever ran',
      }
    : undefined;
}

/** Newest-first walk of the history; undefined when it names no revision other than `current`. */
async function servedFromHistory(
  ecs: ECSClient,
  cluster: string,
  service: string,
  current: string | undefined,
  context: CallContext,
): Promise<RollbackTarget | undefined> {
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed = await callEcs(context, (o) =>
      ecs.send(
        new ListServiceDeploymentsCommand({
          cluster,
          service,
          status: ['SUCCESSFUL', 'ROLLBACK_SUCCESSFUL'],
          maxResults: CHUNK,
          nextToken,
        }),
        o,
      ),
    );
    const arns = (listed.serviceDeployments ?? []).flatMap((d) =>
      d.serviceDeploymentArn ? [d.serviceDeploymentArn] : [],
    );
    const found = arns.length > 0 ? await newestServed(ecs, arns, current, context) : undefined;
    if (found) return found;
    nextToken = listed.nextToken;
    if (!nextToken) return undefined;
  }
  return undefined;
}

/** Of these service deployments, the newest whose served revision runs a task definition ≠ current. */
async function newestServed(
  ecs: ECSClient,
  arns: string[],
  current: string | undefined,
  context: CallContext,
): Promise<RollbackTarget | undefined> {
  const described = await inChunks(arns, CHUNK, async (serviceDeploymentArns) => {
    const answer = await callEcs(context, (o) =>
      ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns }), o),
    );
    return answer.serviceDeployments;
  });
  const served = described
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
    .flatMap((d) => {
      const revision = servedRevision(d);
      return revision ? [{ deployment: d, revision }] : [];
    });
  const taskDefinitionOf = await taskDefinitions(ecs, [...new Set(served.map((s) => s.revision))], context);
  for (const { deployment, revision } of served) {
    const taskDefinitionArn = taskDefinitionOf.get(revision);
    if (!taskDefinitionArn || taskDefinitionArn === current) continue;
    const status = deployment.status as RollbackProof['status'];
    const id = deployment.serviceDeploymentArn!.split('/').pop()!;
    const how = status === 'ROLLBACK_SUCCESSFUL' ? 'ROLLBACK_SUCCESSFUL → rollback revision' : status;
    return {
      taskDefinitionArn,
      source: 'service-deployments',
      note: `served by service deployment ${id} (${how})`,
      proof: { serviceDeploymentArn: deployment.serviceDeploymentArn!, id, status },
    };
  }
  return undefined;
}

/** The revision a finished service deployment left serving; never the one a rollback undid. */
function servedRevision(deployment: ServiceDeployment): string | undefined {
  if (deployment.status === 'SUCCESSFUL') return deployment.targetServiceRevision?.arn;
  if (deployment.status === 'ROLLBACK_SUCCESSFUL') return deployment.rollback?.serviceRevisionArn;
  return undefined;
}

async function taskDefinitions(
  ecs: ECSClient,
  revisionArns: string[],
  context: CallContext,
): Promise<Map<string | undefined, string | undefined>> {
  const revisions = await inChunks(revisionArns, CHUNK, async (serviceRevisionArns) => {
    const answer = await callEcs(context, (o) =>
      ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns }), o),
    );
    return answer.serviceRevisions;
  });
  return new Map(revisions.map((r) => [r.serviceRevisionArn, r.taskDefinition]));
}

async function previousRevision(
  ecs: ECSClient,
  current: string,
  context: CallContext,
): Promise<string | undefined> {
  const match = /task-definition\/([^:]+):(\d+)$/.exec(current);
  if (!match) return undefined;
  const [, family, revision] = match;
  const listed = await callEcs(context, (o) =>
    ecs.send(
      new ListTaskDefinitionsCommand({
        familyPrefix: family,
        status: 'ACTIVE',
        sort: 'DESC',
        maxResults: 100,
      }),
      o,
    ),
  );
  return (listed.taskDefinitionArns ?? []).find((arn) => {
    const m = /task-definition\/([^:]+):(\d+)$/.exec(arn);
    return m !== null && m[1] === family && Number(m[2]) < Number(revision);
  });
}
