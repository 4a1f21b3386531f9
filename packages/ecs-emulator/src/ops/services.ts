// The service operations: CreateService, UpdateService, DescribeServices, DeleteService, ListServices.
import { nameFromArnOrName, serviceArn } from '../arns.js';
import { invalidParameter, serviceNotActive } from '../errors.js';
import { serviceKey, type Json, type Service } from '../model.js';
import { oneOf, optionalBool, optionalObject, optionalString, paginate, parseTags } from '../params.js';
import { serviceShape } from '../serialize.js';
import { startDeployment } from '../sim/deployments.js';
import { includesTags, resolveCluster, resolveService, type Operation } from './context.js';
import {
  DEFAULT_DEPLOYMENT_CONFIGURATION,
  echoedSettings,
  effectiveLaunchType,
  mergeDeploymentConfiguration,
  serviceTaskDefinition,
  validDesiredCount,
} from './service-config.js';
import { strategyOfConfig, validateLoadBalancersForStrategy } from './strategy-config.js';

const CONTROLLERS = ['ECS', 'CODE_DEPLOY', 'EXTERNAL'] as const;

export const createService: Operation = ({ world }, body) => {
  const cluster = resolveCluster(world, body.cluster);
  const name = body.serviceName;
  if (typeof name !== 'string' || !/^[a-zA-Z0-9_-]{1,255}$/.test(name)) {
    throw invalidParameter('serviceName is required: up to 255 letters, numbers, hyphens, and underscores.');
  }
  const existing = world.state.services.get(serviceKey(cluster.name, name));
  if (existing?.status === 'ACTIVE') throw invalidParameter('Creation of service was not idempotent.');
  if (existing?.status === 'DRAINING')
    throw invalidParameter('Unable to Start a service that is still Draining.');
  if (body.launchType !== undefined && body.capacityProviderStrategy !== undefined) {
    throw invalidParameter('Specifying both a launch type and capacity provider strategy is not supported.');
  }
  const launchType = oneOf(optionalString(body, 'launchType'), 'launchType', [
    'EC2',
    'FARGATE',
    'EXTERNAL',
    'MANAGED_INSTANCES',
  ]);
  const controllerType =
    oneOf(
      optionalString(optionalObject(body, 'deploymentController') ?? {}, 'type'),
      'deploymentController.type',
      CONTROLLERS,
    ) ?? 'ECS';
  const networkConfiguration = optionalObject(body, 'networkConfiguration');
  const effective = effectiveLaunchType(launchType, body.capacityProviderStrategy);
  const definition =
    controllerType === 'EXTERNAL' && body.taskDefinition === undefined
      ? undefined
      : serviceTaskDefinition(world, body.taskDefinition, effective, networkConfiguration);
  const loadBalancers = Array.isArray(body.loadBalancers) ? (body.loadBalancers as Json[]) : [];
  const deploymentConfiguration = mergeDeploymentConfiguration(
    DEFAULT_DEPLOYMENT_CONFIGURATION,
    body.deploymentConfiguration,
  );
  validateLoadBalancersForStrategy(strategyOfConfig(deploymentConfiguration), loadBalancers);
  const now = world.now();
  const service: Service = {
    arn: serviceArn(world.ctx, cluster.name, name),
    name,
    clusterName: cluster.name,
    status: 'ACTIVE',
    desiredCount: validDesiredCount(body.desiredCount) ?? 1,
    deploymentConfiguration,
    deploymentController: { type: controllerType },
    deployments: [],
    events: [],
    createdAt: now,
    loadBalancers,
    tags: parseTags(body.tags),
    steady: false,
    extra: echoedSettings(body),
  };
  if (launchType !== undefined) service.launchType = launchType;
  if (Array.isArray(body.capacityProviderStrategy))
    service.capacityProviderStrategy = body.capacityProviderStrategy as Json[];
  if (networkConfiguration) service.networkConfiguration = networkConfiguration;
  if (typeof body.healthCheckGracePeriodSeconds === 'number') {
    service.healthCheckGracePeriodSeconds = body.healthCheckGracePeriodSeconds;
  }
  world.state.services.set(serviceKey(cluster.name, name), service);
  if (definition) startDeployment(world, service, definition.arn, now);
  return { service: serviceShape(world, service, true) };
};

export const updateService: Operation = ({ world }, body) => {
  const cluster = resolveCluster(world, body.cluster);
  const service = resolveService(world, cluster, body.service);
  if (service.status !== 'ACTIVE') throw serviceNotActive();
  const desiredCount = validDesiredCount(body.desiredCount);
  const force = optionalBool(body, 'forceNewDeployment') ?? false;
  const networkConfiguration = optionalObject(body, 'networkConfiguration');
  const controller = service.deploymentController.type;
  if (controller !== 'ECS' && (body.taskDefinition !== undefined || force || networkConfiguration)) {
    throw invalidParameter(
      controller === 'CODE_DEPLOY'
        ? 'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.'
        : 'Unable to update task definition on services with an EXTERNAL deployment controller. Use task sets.',
    );
  }
  const deploymentConfiguration = mergeDeploymentConfiguration(
    service.deploymentConfiguration,
    body.deploymentConfiguration,
  );
  const loadBalancers = Array.isArray(body.loadBalancers) ? (body.loadBalancers as Json[]) : undefined;
  validateLoadBalancersForStrategy(
    strategyOfConfig(deploymentConfiguration),
    loadBalancers ?? service.loadBalancers,
  );
  const primary = service.deployments[0];
  const nextNetwork = networkConfiguration ?? service.networkConfiguration;
  const definition =
    body.taskDefinition === undefined
      ? undefined
      : serviceTaskDefinition(world, body.taskDefinition, service.launchType, nextNetwork);
  // All checks passed: apply.
  service.deploymentConfiguration = deploymentConfiguration;
  if (loadBalancers) service.loadBalancers = loadBalancers;
  if (desiredCount !== undefined) service.desiredCount = desiredCount;
  const networkChanged =
    networkConfiguration !== undefined &&
    JSON.stringify(networkConfiguration) !== JSON.stringify(service.networkConfiguration);
  if (networkConfiguration) service.networkConfiguration = networkConfiguration;
  if (typeof body.healthCheckGracePeriodSeconds === 'number') {
    service.healthCheckGracePeriodSeconds = body.healthCheckGracePeriodSeconds;
  }
  service.extra = echoedSettings(body, service.extra);
  const now = world.now();
  const target = definition?.arn ?? primary?.taskDefinitionArn;
  if (target && (force || networkChanged || target !== primary?.taskDefinitionArn)) {
    startDeployment(world, service, target, now);
  } else {
    world.touch(service);
  }
  return { service: serviceShape(world, service, true) };
};

export const describeServices: Operation = ({ world }, body) => {
  const cluster = resolveCluster(world, body.cluster);
  const names = body.services;
  if (!Array.isArray(names) || names.length === 0 || names.some((name) => typeof name !== 'string')) {
    throw invalidParameter('services must be a list of 1 to 10 service names or ARNs.');
  }
  if (names.length > 10) throw invalidParameter('services can have at most 10 items.');
  const services = [];
  const failures = [];
  for (const value of names as string[]) {
    const service = world.state.services.get(serviceKey(cluster.name, nameFromArnOrName(value)));
    if (service) services.push(serviceShape(world, service, includesTags(body)));
    else {
      const arn = value.startsWith('arn:') ? value : serviceArn(world.ctx, cluster.name, value);
      failures.push({ arn, reason: 'MISSING' });
    }
  }
  return { services, failures };
};

export const deleteService: Operation = ({ world }, body) => {
  const cluster = resolveCluster(world, body.cluster);
  const service = resolveService(world, cluster, body.service);
  if (service.status === 'INACTIVE') throw serviceNotActive();
  const force = optionalBool(body, 'force') ?? false;
  if (service.status === 'ACTIVE') {
    if (service.desiredCount > 0 && !force) {
      throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
    }
    service.status = 'DRAINING';
    service.desiredCount = 0;
    world.touch(service);
  }
  return { service: serviceShape(world, service, false) };
};

export const listServices: Operation = ({ world }, body) => {
  const cluster = resolveCluster(world, body.cluster);
  const launchType = optionalString(body, 'launchType');
  const arns = [...world.state.services.values()]
    .filter((s) => s.clusterName === cluster.name && s.status === 'ACTIVE')
    .filter((s) => launchType === undefined || s.launchType === launchType)
    .map((s) => s.arn);
  const { page, nextToken } = paginate(arns, body, 10);
  return { serviceArns: page, ...(nextToken ? { nextToken } : {}) };
};
