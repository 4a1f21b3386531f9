// Validation of the service settings CreateService and UpdateService share.
import { invalidParameter } from '../errors.js';
import type { DeploymentConfiguration, Json, Service, TaskDefinition } from '../model.js';
import type { World } from '../sim/world.js';
import { findTaskDefinition } from './context.js';
import { validateStrategyConfig } from './strategy-config.js';

export const DEFAULT_DEPLOYMENT_CONFIGURATION: DeploymentConfiguration = {
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  deploymentCircuitBreaker: { enable: false, rollback: false },
};

/** Merges a requested deploymentConfiguration into the current one, validating each member. */
export function mergeDeploymentConfiguration(
  current: DeploymentConfiguration,
  raw: unknown,
): DeploymentConfiguration {
  if (raw === undefined || raw === null) return current;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw invalidParameter('deploymentConfiguration must be an object.');
  const input = raw as Json;
  const merged: DeploymentConfiguration = structuredClone(current);
  for (const [key, value] of Object.entries(input)) {
    if (key === 'minimumHealthyPercent' || key === 'maximumPercent' || key === 'deploymentCircuitBreaker')
      continue;
    merged[key] = value;
  }
  if (input.minimumHealthyPercent !== undefined) {
    const value = input.minimumHealthyPercent;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
      throw invalidParameter(
        `minimumHealthyPercent must be an integer between 0 and 100, got ${JSON.stringify(value)}.`,
      );
    }
    merged.minimumHealthyPercent = value;
  }
  if (input.maximumPercent !== undefined) {
    const value = input.maximumPercent;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 100) {
      throw invalidParameter(
        `maximumPercent must be an integer of at least 100, got ${JSON.stringify(value)}.`,
      );
    }
    merged.maximumPercent = value;
  }
  const breaker = input.deploymentCircuitBreaker as Json | undefined;
  if (breaker !== undefined) {
    if (
      typeof breaker !== 'object' ||
      typeof breaker.enable !== 'boolean' ||
      typeof breaker.rollback !== 'boolean'
    ) {
      throw invalidParameter('deploymentCircuitBreaker needs boolean members enable and rollback.');
    }
    merged.deploymentCircuitBreaker = { ...breaker, enable: breaker.enable, rollback: breaker.rollback };
  }
  validateStrategyConfig(merged);
  return merged;
}

export function validDesiredCount(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 5000) {
    throw invalidParameter(
      `desiredCount must be an integer between 0 and 5000, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** The task definition a CreateService/UpdateService names, checked against the launch type. */
export function serviceTaskDefinition(
  world: World,
  ref: unknown,
  launchType: string | undefined,
  networkConfiguration: Json | undefined,
): TaskDefinition {
  if (typeof ref !== 'string' || ref === '') throw invalidParameter('taskDefinition is required.');
  const definition = findTaskDefinition(world, ref);
  if (!definition) throw invalidParameter('TaskDefinition not found.');
  if (definition.status !== 'ACTIVE') throw invalidParameter(`TaskDefinition is inactive: ${definition.arn}`);
  const compatibilities = (definition.body.compatibilities as string[] | undefined) ?? [];
  if (launchType === 'FARGATE' && !compatibilities.includes('FARGATE')) {
    throw invalidParameter('Task definition does not support launch_type FARGATE.');
  }
  if (definition.body.networkMode === 'awsvpc') {
    const subnets = (networkConfiguration?.awsvpcConfiguration as Json | undefined)?.subnets;
    if (!Array.isArray(subnets) || subnets.length === 0) {
      throw invalidParameter(
        "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
      );
    }
  }
  return definition;
}

/** FARGATE when the request says so directly or through a FARGATE capacity provider. */
export function effectiveLaunchType(launchType: unknown, strategy: unknown): string | undefined {
  if (typeof launchType === 'string') return launchType;
  if (
    Array.isArray(strategy) &&
    strategy.some((item) => String((item as Json)?.capacityProvider).startsWith('FARGATE'))
  ) {
    return 'FARGATE';
  }
  return undefined;
}

/** User settings ECS echoes back on the service as given. */
export const ECHOED_SETTINGS = [
  'enableECSManagedTags',
  'propagateTags',
  'enableExecuteCommand',
  'placementConstraints',
  'placementStrategy',
  'platformVersion',
  'serviceRegistries',
  'availabilityZoneRebalancing',
] as const;

export function echoedSettings(body: Json, current: Service['extra'] = {}): Service['extra'] {
  const extra = { ...current };
  for (const key of ECHOED_SETTINGS) if (body[key] !== undefined) extra[key] = body[key];
  return extra;
}
