// Task-definition files (JSON or YAML) and rendering images and environment variables into them.
import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import YAML from 'yaml';

/** What RegisterTaskDefinition takes: a task definition as a user writes it. */
export type TaskDefinitionInput = RegisterTaskDefinitionCommandInput;

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition refuses. */
const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
] as const;

export class TaskDefinitionError extends Error {
  override name = 'TaskDefinitionError';
}

/** Turns a described (registered) task definition back into something RegisterTaskDefinition accepts. */
export function toRegisterInput(
  described: TaskDefinition,
  tags?: TaskDefinitionInput['tags'],
): TaskDefinitionInput {
  const copy: Record<string, unknown> = structuredClone(described) as Record<string, unknown>;
  for (const field of READ_ONLY_FIELDS) delete copy[field];
  for (const [key, value] of Object.entries(copy))
    if (value === null || value === undefined) delete copy[key];
  if (tags && tags.length > 0) copy.tags = tags;
  return copy as unknown as TaskDefinitionInput;
}

/**
 * Reads a task-definition file, JSON or YAML. Also takes the saved output of
 * `aws ecs describe-task-definition` ({ taskDefinition, tags }), dropping its read-only fields.
 */
export function parseTaskDefinitionFile(text: string, fileName: string): TaskDefinitionInput {
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(fileName) ? YAML.parse(text) : JSON.parse(text);
  } catch (error) {
    throw new TaskDefinitionError(
      `${fileName} is not valid ${/\.ya?ml$/i.test(fileName) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
    );
  }
  if (!isObject(data)) throw new TaskDefinitionError(`${fileName} must hold a task definition object`);
  const wrapped = isObject(data.taskDefinition) ? data.taskDefinition : data;
  const tags =
    Array.isArray(data.tags) && wrapped !== data ? (data.tags as TaskDefinitionInput['tags']) : undefined;
  const definition = toRegisterInput(wrapped as TaskDefinition, tags);
  const problem = checkShape(definition);
  if (problem) throw new TaskDefinitionError(`${fileName}: ${problem}`);
  return definition;
}

function checkShape(definition: TaskDefinitionInput): string | undefined {
  if (typeof definition.family !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(definition.family)) {
    return '"family" must be 1-255 letters, digits, hyphens or underscores';
  }
  const containers = definition.containerDefinitions;
  if (!Array.isArray(containers) || containers.length === 0)
    return '"containerDefinitions" must list at least one container';
  const names = new Set<string>();
  for (const [index, container] of containers.entries()) {
    if (!isObject(container) || typeof container.name !== 'string' || container.name === '') {
      return `containerDefinitions[${index}] has no "name"`;
    }
    if (names.has(container.name)) return `container name "${container.name}" appears twice`;
    names.add(container.name);
    if (typeof container.image !== 'string' || container.image === '')
      return `container "${container.name}" has no "image"`;
  }
  return undefined;
}

export interface RenderOptions {
  /** container name → image reference */
  images?: Map<string, string>;
  /** container name → (variable → value); values may be empty, which ECS accepts */
  environment?: Map<string, Map<string, string>>;
}

/** Sets images and environment variables per container, refusing names that are not in the definition. */
export function renderTaskDefinition(
  definition: TaskDefinitionInput,
  options: RenderOptions,
): TaskDefinitionInput {
  const rendered = structuredClone(definition);
  const containers = rendered.containerDefinitions ?? [];
  const find = (name: string, what: string) => {
    const container = containers.find((c) => c.name === name);
    if (!container) {
      const known = containers.map((c) => c.name).join(', ');
      throw new TaskDefinitionError(
        `${what} names container "${name}", but ${definition.family} has only: ${known}`,
      );
    }
    return container;
  };
  for (const [name, image] of options.images ?? []) find(name, 'container-images').image = image;
  for (const [name, variables] of options.environment ?? []) {
    const container = find(name, 'container-env');
    const environment = [...(container.environment ?? [])];
    for (const [key, value] of variables) {
      const existing = environment.find((e) => e.name === key);
      if (existing) existing.value = value;
      else environment.push({ name: key, value });
    }
    container.environment = environment;
  }
  return rendered;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
