// The task-definition operations: Register, Deregister, Describe, List.
import { taskDefinitionArn } from '../arns.js';
import { clientError } from '../errors.js';
import type { Json, TaskDefinition } from '../model.js';
import { oneOf, optionalString, paginate, parseTags } from '../params.js';
import { taskDefinitionShape } from '../serialize.js';
import { findTaskDefinition, includesTags, type Operation } from './context.js';

const NAME = /^[a-zA-Z0-9_-]{1,255}$/;

function normaliseContainer(raw: unknown, index: number, networkMode: unknown): Json {
  if (typeof raw !== 'object' || raw === null)
    throw clientError(`containerDefinitions[${index}] must be an object.`);
  const container = { ...(raw as Json) };
  if (typeof container.name !== 'string' || !NAME.test(container.name)) {
    throw clientError(
      'Container.name should not be null or empty and may contain only letters, numbers, hyphens and underscores.',
    );
  }
  if (typeof container.image !== 'string' || container.image.trim() === '') {
    throw clientError(`Container.image should not be null or empty (container ${container.name}).`);
  }
  const ports = Array.isArray(container.portMappings) ? (container.portMappings as Json[]) : [];
  return {
    cpu: 0,
    essential: true,
    environment: [],
    mountPoints: [],
    volumesFrom: [],
    systemControls: [],
    ...container,
    portMappings: ports.map((port) => ({
      ...port,
      hostPort: port.hostPort ?? (networkMode === 'awsvpc' ? port.containerPort : undefined),
      protocol: port.protocol ?? 'tcp',
    })),
  };
}

export const registerTaskDefinition: Operation = ({ world }, body) => {
  const family = body.family;
  if (typeof family !== 'string' || !NAME.test(family)) {
    throw clientError(
      'Family is required: up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores.',
    );
  }
  const list = body.containerDefinitions;
  if (!Array.isArray(list) || list.length === 0) throw clientError('Container list cannot be empty.');
  const containers = list.map((container, index) => normaliseContainer(container, index, body.networkMode));
  const names = containers.map((container) => container.name);
  if (new Set(names).size !== names.length)
    throw clientError('Container names must be unique within a task definition.');
  if (!containers.some((container) => container.essential !== false)) {
    throw clientError('Task definition does not have any essential container.');
  }
  const requires = Array.isArray(body.requiresCompatibilities)
    ? (body.requiresCompatibilities as string[])
    : [];
  if (requires.includes('FARGATE')) {
    if (body.networkMode !== 'awsvpc') throw clientError("Fargate only supports network mode 'awsvpc'.");
    if (body.cpu === undefined)
      throw clientError("Fargate requires that 'cpu' be defined at the task level.");
    if (body.memory === undefined)
      throw clientError("Fargate requires that 'memory' be defined at the task level.");
  }
  const tags = parseTags(body.tags);
  const revisions = world.state.taskDefinitions.get(family) ?? [];
  const revision = revisions.length + 1;
  const { tags: _tags, ...rest } = body;
  const definition: TaskDefinition = {
    arn: taskDefinitionArn(world.ctx, family, revision),
    family,
    revision,
    status: 'ACTIVE',
    registeredAt: world.now(),
    body: {
      ...rest,
      containerDefinitions: containers,
      volumes: body.volumes ?? [],
      placementConstraints: body.placementConstraints ?? [],
      requiresAttributes: [],
      compatibilities: body.networkMode === 'awsvpc' ? ['EC2', 'FARGATE'] : ['EC2'],
      registeredBy: `arn:aws:iam::${world.ctx.accountId}:root`,
    },
    tags,
  };
  revisions.push(definition);
  world.state.taskDefinitions.set(family, revisions);
  return { taskDefinition: taskDefinitionShape(definition), tags };
};

function mustFind(ctx: Parameters<Operation>[0], ref: unknown): TaskDefinition {
  if (typeof ref !== 'string' || ref === '') throw clientError('taskDefinition is required.');
  const found = findTaskDefinition(ctx.world, ref);
  if (!found) throw clientError('Unable to describe task definition.');
  return found;
}

export const describeTaskDefinition: Operation = (ctx, body) => {
  const definition = mustFind(ctx, body.taskDefinition);
  return {
    taskDefinition: taskDefinitionShape(definition),
    ...(includesTags(body) ? { tags: definition.tags } : {}),
  };
};

export const deregisterTaskDefinition: Operation = (ctx, body) => {
  const ref = body.taskDefinition;
  if (typeof ref === 'string' && !ref.includes(':')) {
    throw clientError(
      'Invalid revision number: name the task definition as family:revision or by its full ARN.',
    );
  }
  const definition = mustFind(ctx, ref);
  if (definition.status === 'ACTIVE') {
    definition.status = 'INACTIVE';
    definition.deregisteredAt = ctx.world.now();
  }
  return { taskDefinition: taskDefinitionShape(definition) };
};

export const listTaskDefinitions: Operation = ({ world }, body) => {
  const family = optionalString(body, 'familyPrefix');
  const status =
    oneOf(optionalString(body, 'status'), 'status', ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS']) ?? 'ACTIVE';
  const sort = oneOf(optionalString(body, 'sort'), 'sort', ['ASC', 'DESC']) ?? 'ASC';
  const all = [...world.state.taskDefinitions.entries()]
    .filter(([name]) => family === undefined || name === family)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, revisions]) => revisions.filter((definition) => definition.status === status));
  if (sort === 'DESC') all.reverse();
  const { page, nextToken } = paginate(
    all.map((definition) => definition.arn),
    body,
  );
  return { taskDefinitionArns: page, ...(nextToken ? { nextToken } : {}) };
};
