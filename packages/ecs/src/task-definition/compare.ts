// Comparing task definitions as ECS sees them: a normal form without ECS's defaults, the paths that differ.
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { toRegisterInput, type TaskDefinitionInput } from './task-definition.js';

/**
 * A canonical form for comparing what a user wants with what ECS has registered. ECS fills in
 * defaults the user rarely writes (container cpu 0, essential true, tcp, hostPort = containerPort,
 * empty lists) and returns task cpu/memory as strings, so those are folded away; lists keyed by
 * name (containers, environment, secrets, volumes) are compared by name, not by position.
 */
export function normaliseTaskDefinition(
  definition: TaskDefinitionInput | TaskDefinition,
): Record<string, unknown> {
  const input =
    'taskDefinitionArn' in definition ? toRegisterInput(definition as TaskDefinition) : definition;
  const copy = structuredClone(input) as Record<string, unknown>;
  if (copy.cpu !== undefined) copy.cpu = String(copy.cpu);
  if (copy.memory !== undefined) copy.memory = String(copy.memory);
  const containers = (copy.containerDefinitions as Record<string, unknown>[] | undefined) ?? [];
  copy.containerDefinitions = Object.fromEntries(containers.map((c) => [c.name, normaliseContainer(c)]));
  copy.volumes = byName(copy.volumes);
  delete copy.tags;
  return prune(copy) as Record<string, unknown>;
}

function normaliseContainer(container: Record<string, unknown>): Record<string, unknown> {
  const c = { ...container };
  if (c.cpu === 0) delete c.cpu;
  if (c.essential === true) delete c.essential;
  c.environment = Object.fromEntries(
    ((c.environment as { name: string; value?: string }[] | undefined) ?? []).map((e) => [
      e.name,
      e.value ?? '',
    ]),
  );
  c.secrets = byName(c.secrets);
  c.portMappings = ((c.portMappings as Record<string, unknown>[] | undefined) ?? []).map((p) => {
    const mapping = { ...p };
    if (mapping.protocol === 'tcp') delete mapping.protocol;
    if (mapping.hostPort === mapping.containerPort) delete mapping.hostPort;
    return mapping;
  });
  return c;
}

function byName(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return Object.fromEntries(list.map((item: Record<string, unknown>) => [item.name, item]));
}

/** Drops undefined, null, empty arrays and empty objects, recursively. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, prune(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return value === null ? undefined : value;
}

/** Paths whose values differ between two task definitions, e.g. `containerDefinitions.web.image`. */
export function diffTaskDefinitions(
  a: TaskDefinitionInput | TaskDefinition,
  b: TaskDefinitionInput | TaskDefinition,
): { path: string; before: unknown; after: unknown }[] {
  const left = flatten(normaliseTaskDefinition(a));
  const right = flatten(normaliseTaskDefinition(b));
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  return paths
    .filter((p) => JSON.stringify(left.get(p)) !== JSON.stringify(right.get(p)))
    .map((p) => ({ path: p, before: left.get(p), after: right.get(p) }));
}

export function sameTaskDefinition(
  a: TaskDefinitionInput | TaskDefinition,
  b: TaskDefinitionInput | TaskDefinition,
) {
  return diffTaskDefinitions(a, b).length === 0;
}

function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (Array.isArray(value)) {
    value.forEach((inner, index) => flatten(inner, `${prefix}[${index}]`, out));
  } else {
    out.set(prefix, value);
  }
  return out;
}
