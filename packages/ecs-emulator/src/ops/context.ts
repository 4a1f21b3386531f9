// What every API operation gets (the world, the registry) and the lookups of clusters, services and
// task definitions they share.
import { nameFromArnOrName } from '../arns.js';
import { ApiError, clusterNotFound, serviceNotFound } from '../errors.js';
import { serviceKey, type Cluster, type Json, type Service, type TaskDefinition } from '../model.js';
import type { RegistryClient } from '../registry.js';
import type { World } from '../sim/world.js';

export interface OpContext {
  world: World;
  registry?: RegistryClient;
}

export type Operation = (ctx: OpContext, body: Json) => Json | Promise<Json>;

/** The cluster a request names (name or ARN), "default" when it names none. */
export function resolveCluster(world: World, value: unknown): Cluster {
  const name = typeof value === 'string' && value !== '' ? nameFromArnOrName(value) : 'default';
  const cluster = world.state.clusters.get(name);
  if (!cluster || cluster.status !== 'ACTIVE') throw clusterNotFound();
  return cluster;
}

export function findService(world: World, cluster: Cluster, value: string): Service | undefined {
  return world.state.services.get(serviceKey(cluster.name, nameFromArnOrName(value)));
}

export function resolveService(world: World, cluster: Cluster, value: unknown): Service {
  if (typeof value !== 'string' || value === '')
    throw new ApiError('InvalidParameterException', 'service is required.');
  const service = findService(world, cluster, value);
  if (!service) throw serviceNotFound();
  return service;
}

/** A task definition by ARN, `family:revision`, or `family` (its latest ACTIVE revision). */
export function findTaskDefinition(world: World, ref: string): TaskDefinition | undefined {
  const plain = ref.startsWith('arn:')
    ? ref.slice(ref.indexOf(':task-definition/') + ':task-definition/'.length)
    : ref;
  const [family, revision, extra] = plain.split(':');
  if (!family || extra !== undefined) return undefined;
  const revisions = world.state.taskDefinitions.get(family) ?? [];
  if (revision === undefined) return revisions.findLast((definition) => definition.status === 'ACTIVE');
  if (!/^\d+$/.test(revision)) return undefined;
  return revisions[Number(revision) - 1];
}

export const includesTags = (body: Json) => Array.isArray(body.include) && body.include.includes('TAGS');
