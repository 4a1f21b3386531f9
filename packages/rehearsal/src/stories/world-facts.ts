// Ground truth for the promotion stories, read from the local parts rather than from any log: the
// image each environment's service runs (the emulator, through the ECS API), the task-definition
// revisions registered, and the GitHub stand-in's deployment records.
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
} from '@aws-sdk/client-ecs';
import type { JobRecord } from '../workflow-runner/index.js';
import type { LocalParts } from './local-parts.js';
import { APP, clusterOf, REGION, SERVICE } from './seed.js';
import type { Environment } from './story-types.js';

export const ecsOf = (parts: LocalParts, service = SERVICE) => ({
  ecs: new ECSClient({
    endpoint: parts.emulator.url,
    region: REGION,
    credentials: { accessKeyId: 'rehearsal', secretAccessKey: 'rehearsal' },
  }),
  service,
});

/** The image of the app container in the task definition the service's primary deployment runs. */
export async function servingImage(parts: LocalParts, environment: Environment, service = SERVICE) {
  const { ecs } = ecsOf(parts, service);
  const described = await ecs.send(
    new DescribeServicesCommand({ cluster: clusterOf(environment), services: [service] }),
  );
  const primary = described.services?.[0]?.deployments?.find((d) => d.status === 'PRIMARY');
  const td = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: primary?.taskDefinition }));
  return {
    taskDefinition: primary?.taskDefinition ?? '',
    image: td.taskDefinition?.containerDefinitions?.find((c) => c.name === 'app')?.image ?? '',
  };
}

/** How many revisions of the environment's family exist (a deploy registers one). */
export async function revisionCount(parts: LocalParts, environment: Environment): Promise<number> {
  const { ecs } = ecsOf(parts);
  const listed = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: `${APP}-${environment}` }));
  return listed.taskDefinitionArns?.length ?? 0;
}

/** The Shipline deployment record (task deploy:shipline) of a commit in an environment, if any. */
export const recordOf = (parts: LocalParts, environment: string, sha: string) =>
  parts.deployments.deployments.find(
    (d) => d.environment === environment && d.sha === sha && d.task === 'deploy:shipline',
  );

/** A step's outcome in a call's jobs, by step id ('not run' when no job ran it). */
export function stepOutcome(jobs: JobRecord[], job: string, step: string): string {
  return jobs.find((j) => j.id === job)?.steps.find((s) => s.id === step)?.outcome ?? 'not run';
}

/** A problem when `got` is not `want`, else none. */
export const expectEqual = (what: string, got: unknown, want: unknown): string[] =>
  got === want ? [] : [`${what}: ${String(got)}, expected ${String(want)}`];
