// What a deploy returns a service to on failure: a revision that demonstrably served.
import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import type { CallContext } from '../client/ecs-client.js';
import { currentTaskDefinition } from '../start/preflight.js';
import { findRollbackTarget, type RollbackProof } from '../rollback/rollback-target.js';

export interface PreviousTaskDefinition {
  taskDefinitionArn?: string;
  /** What shows it served: "deployment ecs-svc/… COMPLETED", or the history's proof. */
  note: string;
  proof?: RollbackProof;
  /** Set when the service was mid-deployment, so the choice deserves a warning. */
  midDeployment?: string;
}

/**
 * What a deploy returns a service to on failure, by the rule `rollback to: previous` follows: a
 * revision that demonstrably served. A settled service's COMPLETED PRIMARY deployment serves;
 * mid-deployment, the one rolling out may be bad too, so it is the newest revision the
 * service-deployments history shows serving (never one ECS rolled back from).
 */
export async function previousTaskDefinition(
  ecs: ECSClient,
  cluster: string,
  service: Service,
  context: CallContext,
): Promise<PreviousTaskDefinition> {
  const current = currentTaskDefinition(service);
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  if (!current || !primary?.rolloutState || primary.rolloutState === 'COMPLETED') {
    const state = primary?.rolloutState ?? 'the only deployment';
    return { taskDefinitionArn: current, note: `running: deployment ${primary?.id ?? '?'} ${state}` };
  }
  const midDeployment = `${primary.id} is ${primary.rolloutState}`;
  const target = await findRollbackTarget(ecs, cluster, service, undefined, context);
  if (!target) {
    return {
      taskDefinitionArn: current,
      note: 'the one rolling out: no history shows an earlier revision serving',
      midDeployment,
    };
  }
  return {
    taskDefinitionArn: target.taskDefinitionArn,
    note: target.note,
    proof: target.proof,
    midDeployment,
  };
}
