// Deregistering old ACTIVE revisions of a family beyond the newest few (keep-revisions).
import {
  DeregisterTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { callEcs, type CallContext } from '../client/ecs-client.js';

const REVISION_ARN = /task-definition\/([^:]+):(\d+)$/;

/**
 * Deregisters the ACTIVE revisions of `family` beyond the newest `keep`, never one in `protect`
 * (the revision now in use, the rollback target, anything a deployment still runs). Oldest first,
 * so an interrupted run leaves the newest revisions. Returns the deregistered ARNs.
 */
export async function pruneRevisions(
  ecs: ECSClient,
  family: string,
  keep: number,
  protect: ReadonlySet<string>,
  context: CallContext,
): Promise<string[]> {
  const active: { arn: string; revision: number }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await callEcs(context, (o) =>
      ecs.send(
        new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', nextToken }),
        o,
      ),
    );
    for (const arn of page.taskDefinitionArns ?? []) {
      const match = REVISION_ARN.exec(arn);
      if (match?.[1] === family) active.push({ arn, revision: Number(match[2]) });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  const doomed = active
    .sort((a, b) => b.revision - a.revision)
    .slice(keep)
    .filter((r) => !protect.has(r.arn))
    .reverse();
  const deregistered: string[] = [];
  for (const { arn } of doomed) {
    await callEcs(context, (o) => ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }), o));
    deregistered.push(arn);
  }
  return deregistered;
}
