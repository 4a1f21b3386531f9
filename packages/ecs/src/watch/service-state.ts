// What a service is doing now, in one line, for a step that stops before its work is done.
import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import { describeAwsError } from '../client/aws-errors.js';
import { shortArn } from '../task-definition/names.js';
import { describeServices } from '../client/ecs-client.js';

/**
 * `PRIMARY ecs-svc/1 web:1 IN_PROGRESS 1/2 running; ACTIVE ecs-svc/2 web:3 2 running`: what a
 * service is doing, for a step that stops (cancelled) before its work is done.
 */
export function serviceStateLine(service: Service): string {
  const deployments = service.deployments ?? [];
  if (deployments.length === 0) return `${service.status ?? 'unknown'}, no deployment`;
  return deployments
    .map((d) =>
      d.status === 'PRIMARY'
        ? `PRIMARY ${d.id} ${shortArn(d.taskDefinition)} ${d.rolloutState ?? ''} ${d.runningCount ?? 0}/${d.desiredCount ?? 0} running`
        : `${d.status} ${d.id} ${shortArn(d.taskDefinition)} ${d.runningCount ?? 0} running`,
    )
    .join('; ')
    .replace(/ {2,}/g, ' ');
}

/**
 * One line per service saying what it is doing now, read once and bounded by `budgetMs` (real
 * time: after a cancel the runner's grace is real). A failed read becomes the line.
 */
export async function describeServiceStates(
  ecs: ECSClient,
  cluster: string,
  names: string[],
  budgetMs: number,
): Promise<Map<string, string>> {
  const deadline = Date.now() + budgetMs;
  const states = new Map<string, string>();
  try {
    const found = await describeServices(ecs, cluster, names, {
      deadline,
      hardStop: deadline,
      signal: AbortSignal.timeout(budgetMs),
    });
    for (const name of names) {
      const service = found.get(name);
      states.set(name, service ? serviceStateLine(service) : 'not found');
    }
  } catch (error) {
    for (const name of names) states.set(name, `unknown: it could not be read (${describeAwsError(error)})`);
  }
  return states;
}
