// The cluster and tagging operations: Create/Describe/ListClusters, Tag/Untag/ListTagsForResource.
import { clusterArn, nameFromArnOrName } from '../arns.js';
import { ApiError, invalidParameter } from '../errors.js';
import type { Tag } from '../model.js';
import { mergeTags, optionalStringList, paginate, parseTags, requiredString } from '../params.js';
import { clusterShape } from '../serialize.js';
import { includesTags, type OpContext, type Operation } from './context.js';

export const createCluster: Operation = ({ world }, body) => {
  const name = typeof body.clusterName === 'string' && body.clusterName !== '' ? body.clusterName : 'default';
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name)) {
    throw invalidParameter('Cluster name may contain up to 255 letters, numbers, hyphens, and underscores.');
  }
  let cluster = world.state.clusters.get(name);
  if (!cluster || cluster.status !== 'ACTIVE') {
    cluster = {
      arn: clusterArn(world.ctx, name),
      name,
      status: 'ACTIVE',
      createdAt: world.now(),
      tags: parseTags(body.tags),
      settings: Array.isArray(body.settings)
        ? body.settings
        : [{ name: 'containerInsights', value: 'disabled' }],
    };
    world.state.clusters.set(name, cluster);
  }
  return { cluster: clusterShape(world, cluster, true) };
};

export const describeClusters: Operation = ({ world }, body) => {
  const names = optionalStringList(body, 'clusters') ?? ['default'];
  const clusters = [];
  const failures = [];
  for (const value of names) {
    const cluster = world.state.clusters.get(nameFromArnOrName(value));
    if (cluster) clusters.push(clusterShape(world, cluster, includesTags(body)));
    else
      failures.push({
        arn: value.startsWith('arn:') ? value : clusterArn(world.ctx, value),
        reason: 'MISSING',
      });
  }
  return { clusters, failures };
};

export const listClusters: Operation = ({ world }, body) => {
  const arns = [...world.state.clusters.values()].filter((c) => c.status === 'ACTIVE').map((c) => c.arn);
  const { page, nextToken } = paginate(arns, body);
  return { clusterArns: page, ...(nextToken ? { nextToken } : {}) };
};

/** The taggable resource an ARN names: cluster, service, task definition or task. */
function taggable({ world }: OpContext, arn: string): { tags: Tag[] } | undefined {
  const match = /^arn:aws[\w-]*:ecs:[^:]*:[^:]*:([a-z-]+)\/(.+)$/.exec(arn);
  if (!match) throw invalidParameter(`Invalid resourceArn: ${arn}`);
  const [, kind, rest] = match as unknown as [string, string, string];
  if (kind === 'cluster') return world.state.clusters.get(rest);
  if (kind === 'service') return world.state.services.get(rest.includes('/') ? rest : `default/${rest}`);
  if (kind === 'task') return world.state.tasks.get(arn);
  if (kind === 'task-definition') {
    const [family, revision] = rest.split(':');
    return world.state.taskDefinitions.get(family ?? '')?.[Number(revision) - 1];
  }
  throw invalidParameter(`Tagging is not supported for resource type ${kind}.`);
}

export const tagResource: Operation = (ctx, body) => {
  const resource = taggable(ctx, requiredString(body, 'resourceArn'));
  if (!resource)
    throw new ApiError('ResourceNotFoundException', 'The specified resource could not be found.');
  const tags = parseTags(body.tags);
  if (tags.length === 0) throw invalidParameter('tags must contain at least one tag.');
  resource.tags = mergeTags(resource.tags, tags);
  return {};
};

export const untagResource: Operation = (ctx, body) => {
  const resource = taggable(ctx, requiredString(body, 'resourceArn'));
  if (!resource)
    throw new ApiError('ResourceNotFoundException', 'The specified resource could not be found.');
  const keys = optionalStringList(body, 'tagKeys') ?? [];
  resource.tags = resource.tags.filter((tag) => !keys.includes(tag.key));
  return {};
};

export const listTagsForResource: Operation = (ctx, body) => {
  const resource = taggable(ctx, requiredString(body, 'resourceArn'));
  if (!resource) throw invalidParameter('The specified resource could not be found.');
  return { tags: resource.tags };
};
