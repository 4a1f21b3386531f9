// Before RunTask: the revision to run (as deploy-ecs settles on it), the container to watch, and the
// network (a service's, or the inputs'); a container or service that does not exist names its input.
import type {
  AwsVpcConfiguration,
  CapacityProviderStrategyItem,
  ContainerDefinition,
  ECSClient,
  LaunchType,
  NetworkConfiguration,
  Service,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import { InputError } from '@shipline/toolkit';
import { describeServices, type CallContext } from '../client/ecs-client.js';
import { describeTaskDefinition, resolveTaskDefinition } from '../task-definition/registry.js';
import type { RunTaskOptions } from './run-task-types.js';

export interface TaskSetup {
  definition: TaskDefinition;
  note: string;
  container: ContainerDefinition;
  placement: {
    launchType?: LaunchType;
    capacityProviderStrategy?: CapacityProviderStrategyItem[];
    platformVersion?: string;
    networkConfiguration?: NetworkConfiguration;
  };
  /** Where the network came from, for the log. */
  networkNote: string;
}

export async function setUpTask(
  ecs: ECSClient,
  options: RunTaskOptions,
  context: CallContext,
): Promise<TaskSetup> {
  const service = await namedService(ecs, options, context);
  // As deploy-ecs settles on it: a rendering equal to what the service runs reuses that revision.
  const running = [service?.taskDefinition, ...(service?.deployments ?? []).map((d) => d.taskDefinition)];
  const resolved = await resolveTaskDefinition(
    ecs,
    options.source,
    {
      ...(options.images ? { images: options.images } : {}),
      ...(options.definitionEnvironment ? { environment: options.definitionEnvironment } : {}),
      skipIfUnchanged: true,
      running,
    },
    context,
  );
  const definition = await describeTaskDefinition(ecs, resolved.arn, context);
  if (!definition)
    throw new Error(`Task definition ${resolved.arn} could not be described; nothing was run.`);
  const container = pickContainer(definition, options);
  const { placement, networkNote } = placementFor(options, definition, service);
  return { definition, note: resolved.note, container, placement, networkNote };
}

/** The container to watch: the one named, else the first essential one (ECS's default is essential). */
function pickContainer(definition: TaskDefinition, options: RunTaskOptions): ContainerDefinition {
  const containers = definition.containerDefinitions ?? [];
  const names = containers.map((c) => c.name).join(', ');
  for (const name of options.environment?.keys() ?? []) {
    if (!containers.some((c) => c.name === name))
      throw new InputError(
        'container-env',
        `names container '${name}', which ${definition.family}:${definition.revision} does not have (it has ${names})`,
        `${containers[0]?.name ?? 'app'}:KEY=value`,
      );
  }
  if (options.container === undefined) {
    const essential = containers.find((c) => c.essential !== false);
    if (!essential)
      throw new Error(`${definition.family}:${definition.revision} has no essential container to watch.`);
    return essential;
  }
  const named = containers.find((c) => c.name === options.container);
  if (!named)
    throw new InputError(
      'container',
      `'${options.container}' is not a container of ${definition.family}:${definition.revision} (it has ${names})`,
      containers[0]?.name ?? 'app',
    );
  return named;
}

/** The service named by `service`, before anything is registered; refused when it does not exist. */
async function namedService(
  ecs: ECSClient,
  options: RunTaskOptions,
  context: CallContext,
): Promise<Service | undefined> {
  if (options.network.kind !== 'service') return undefined;
  const name = options.network.service;
  const service = (await describeServices(ecs, options.cluster, [name], context)).get(name);
  if (!service || service.status === 'INACTIVE')
    throw new InputError('service', `names no service in cluster '${options.cluster}'`, 'web');
  return service;
}

function placementFor(
  options: RunTaskOptions,
  definition: TaskDefinition,
  service: Service | undefined,
): Pick<TaskSetup, 'placement' | 'networkNote'> {
  const network = options.network;
  // namedService described the service (and refused a missing one) before anything was registered.
  if (network.kind === 'service') return servicePlacement(service!);
  const awsvpc = definition.networkMode === 'awsvpc' || network.launchType === 'FARGATE';
  if (awsvpc && !network.subnets?.length)
    throw new InputError(
      'subnets',
      `are required: ${definition.family} runs with awsvpc networking and no service is named to copy them from`,
      'subnet-0abc1234, subnet-0def5678',
    );
  const vpc: AwsVpcConfiguration | undefined = network.subnets?.length
    ? {
        subnets: network.subnets,
        ...(network.securityGroups ? { securityGroups: network.securityGroups } : {}),
        assignPublicIp: network.assignPublicIp ? 'ENABLED' : 'DISABLED',
      }
    : undefined;
  return {
    placement: {
      launchType: network.launchType,
      ...(vpc ? { networkConfiguration: { awsvpcConfiguration: vpc } } : {}),
    },
    networkNote: vpc
      ? `the given network (${describeNetwork(vpc)})`
      : 'no network configuration (not awsvpc)',
  };
}

/** A service's launch type or capacity provider strategy, platform version and network. */
function servicePlacement(service: Service): Pick<TaskSetup, 'placement' | 'networkNote'> {
  const strategy = service.capacityProviderStrategy ?? [];
  return {
    placement: {
      ...(strategy.length > 0
        ? { capacityProviderStrategy: strategy }
        : { launchType: service.launchType ?? 'FARGATE' }),
      ...(service.platformVersion ? { platformVersion: service.platformVersion } : {}),
      ...(service.networkConfiguration ? { networkConfiguration: service.networkConfiguration } : {}),
    },
    networkNote: `the network of service ${service.serviceName} (${describeNetwork(service.networkConfiguration?.awsvpcConfiguration)})`,
  };
}

function describeNetwork(vpc: AwsVpcConfiguration | undefined): string {
  if (!vpc) return 'no awsvpc configuration';
  return `subnets ${vpc.subnets?.join(', ') ?? 'none'}; security groups ${vpc.securityGroups?.join(', ') || 'default'}; public IP ${vpc.assignPublicIp ?? 'DISABLED'}`;
}
