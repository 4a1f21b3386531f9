// ECS resource ARNs and ids as AWS spells them (clusters, services, tasks, revisions, deployments).
import { randomBytes, randomUUID } from 'node:crypto';

export interface ArnContext {
  region: string;
  accountId: string;
}

const prefix = (ctx: ArnContext) => `arn:aws:ecs:${ctx.region}:${ctx.accountId}`;

export const clusterArn = (ctx: ArnContext, cluster: string) => `${prefix(ctx)}:cluster/${cluster}`;
export const serviceArn = (ctx: ArnContext, cluster: string, service: string) =>
  `${prefix(ctx)}:service/${cluster}/${service}`;
export const taskArn = (ctx: ArnContext, cluster: string, id: string) =>
  `${prefix(ctx)}:task/${cluster}/${id}`;
export const taskDefinitionArn = (ctx: ArnContext, family: string, revision: number) =>
  `${prefix(ctx)}:task-definition/${family}:${revision}`;
export const containerArn = (ctx: ArnContext, cluster: string, taskId: string, name: string) =>
  `${prefix(ctx)}:container/${cluster}/${taskId}/${name}`;
export const serviceRevisionArn = (ctx: ArnContext, cluster: string, service: string) =>
  `${prefix(ctx)}:service-revision/${cluster}/${service}/${randomDigits(19)}`;
export const serviceDeploymentArn = (ctx: ArnContext, cluster: string, service: string) =>
  `${prefix(ctx)}:service-deployment/${cluster}/${service}/${randomBytes(16).toString('base64url').slice(0, 22)}`;

/** ECS task ids are 32 lowercase hex characters. */
export const newTaskId = () => randomBytes(16).toString('hex');
export const newDeploymentId = () => `ecs-svc/${randomDigits(19)}`;
export const newEventId = () => randomUUID();

export function randomDigits(count: number): string {
  const bytes = randomBytes(count);
  let out = String((bytes[0]! % 9) + 1);
  for (let i = 1; i < count; i++) out += String(bytes[i]! % 10);
  return out;
}

/** The last path segment of an ARN (`.../name`), or the value itself when it is a plain name. */
export function nameFromArnOrName(value: string): string {
  if (!value.startsWith('arn:')) return value;
  const slash = value.lastIndexOf('/');
  return slash >= 0 ? value.slice(slash + 1) : value;
}

/** The cluster named inside a long-format service or task ARN (`service/<cluster>/<name>`). */
export function clusterFromResourceArn(value: string): string | undefined {
  const match = /^arn:aws[\w-]*:ecs:[^:]*:[^:]*:(?:service|task)\/([^/]+)\/[^/]+$/.exec(value);
  return match?.[1];
}
