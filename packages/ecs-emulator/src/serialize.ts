// Internal model → ECS wire shapes (field names from the API reference; times as epoch seconds).
import { clusterArn, containerArn } from './arns.js';
import type {
  Cluster,
  Deployment,
  Json,
  Service,
  ServiceDeploymentRecord,
  Task,
  TaskDefinition,
} from './model.js';
import { revisionWeights, strategyFields } from './serialize-strategies.js';
import { breakerThreshold } from './sim/deployments.js';
import type { World } from './sim/world.js';

export const epoch = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

/** Drops undefined members so the JSON carries only what ECS would send. */
function compact(value: Json): Json {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

export function clusterShape(world: World, cluster: Cluster, includeTags: boolean): Json {
  let running = 0;
  let pending = 0;
  let services = 0;
  for (const service of world.state.services.values()) {
    if (service.clusterName !== cluster.name || service.status !== 'ACTIVE') continue;
    services++;
  }
  for (const task of world.activeTasks()) {
    if (task.clusterName !== cluster.name) continue;
    if (task.lastStatus === 'RUNNING') running++;
    else if (task.lastStatus === 'PENDING' || task.lastStatus === 'PROVISIONING') pending++;
  }
  return compact({
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: services,
    statistics: [],
    tags: includeTags ? cluster.tags : undefined,
    settings: cluster.settings,
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [],
  });
}

function countsOf(tasks: Task[]): { running: number; pending: number } {
  let running = 0;
  let pending = 0;
  for (const task of tasks) {
    if (task.lastStatus === 'RUNNING') running++;
    else if (
      (task.lastStatus === 'PENDING' || task.lastStatus === 'PROVISIONING') &&
      task.desiredStatus === 'RUNNING'
    ) {
      pending++;
    }
  }
  return { running, pending };
}

export function deploymentShape(deployment: Deployment, tasks: Task[]): Json {
  const counts = countsOf(tasks.filter((task) => task.deploymentId === deployment.id));
  return compact({
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinitionArn,
    desiredCount: deployment.desiredCount,
    pendingCount: counts.pending,
    runningCount: counts.running,
    failedTasks: deployment.failedTasks,
    createdAt: epoch(deployment.createdAt),
    updatedAt: epoch(deployment.updatedAt),
    launchType: deployment.launchType,
    platformVersion: deployment.launchType === 'FARGATE' ? '1.4.0' : undefined,
    platformFamily: deployment.launchType === 'FARGATE' ? 'Linux' : undefined,
    networkConfiguration: deployment.networkConfiguration,
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
  });
}

export function serviceShape(world: World, service: Service, includeTags: boolean): Json {
  const tasks = world.serviceTasks(service);
  const counts = countsOf(tasks);
  const primary = service.deployments[0];
  const shape = compact({
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: clusterArn(world.ctx, service.clusterName),
    loadBalancers: service.loadBalancers,
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: service.status === 'INACTIVE' ? 0 : counts.running,
    pendingCount: service.status === 'INACTIVE' ? 0 : counts.pending,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.launchType === 'FARGATE' ? 'LATEST' : undefined,
    platformFamily: service.launchType === 'FARGATE' ? 'Linux' : undefined,
    taskDefinition: primary?.taskDefinitionArn,
    deploymentConfiguration: service.deploymentConfiguration,
    deployments: service.deployments.map((deployment) => deploymentShape(deployment, tasks)),
    events: service.events.map((event) => ({
      id: event.id,
      createdAt: epoch(event.createdAt),
      message: event.message,
    })),
    createdAt: epoch(service.createdAt),
    createdBy: `arn:aws:iam::${world.ctx.accountId}:role/emulator`,
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: service.networkConfiguration,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: 'REPLICA',
    deploymentController: service.deploymentController,
    tags: includeTags ? service.tags : undefined,
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    availabilityZoneRebalancing: 'ENABLED',
  });
  return { ...shape, ...service.extra };
}

export function taskDefinitionShape(definition: TaskDefinition): Json {
  return compact({
    ...definition.body,
    taskDefinitionArn: definition.arn,
    family: definition.family,
    revision: definition.revision,
    status: definition.status,
    registeredAt: epoch(definition.registeredAt),
    deregisteredAt: epoch(definition.deregisteredAt),
  });
}

export function taskShape(world: World, task: Task, includeTags: boolean): Json {
  const definition = world.taskDefinition(task.taskDefinitionArn);
  const containers = ((definition?.body.containerDefinitions as Json[] | undefined) ?? []).map(
    (container) => {
      const main = container.image === task.image;
      return compact({
        containerArn: containerArn(world.ctx, task.clusterName, task.id, String(container.name)),
        taskArn: task.arn,
        name: container.name,
        image: container.image,
        lastStatus:
          task.lastStatus === 'STOPPED' ? 'STOPPED' : task.lastStatus === 'RUNNING' ? 'RUNNING' : 'PENDING',
        exitCode: task.lastStatus === 'STOPPED' && main ? task.exitCode : undefined,
        reason: main ? task.containerReason : undefined,
        networkBindings: [],
        networkInterfaces: [],
        healthStatus: container.healthCheck ? task.healthStatus : 'UNKNOWN',
        cpu: container.cpu === undefined ? undefined : String(container.cpu),
        memory: container.memory === undefined ? undefined : String(container.memory),
      });
    },
  );
  return compact({
    attachments: [],
    attributes: [],
    availabilityZone: `${world.ctx.region}a`,
    clusterArn: clusterArn(world.ctx, task.clusterName),
    connectivity: task.lastStatus === 'PROVISIONING' ? undefined : 'CONNECTED',
    connectivityAt: epoch(task.pullStartedAt),
    containers,
    cpu: definition?.body.cpu,
    memory: definition?.body.memory,
    createdAt: epoch(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: false,
    executionStoppedAt: epoch(task.stoppedAt),
    group: task.group,
    healthStatus: task.healthStatus,
    lastStatus: task.lastStatus,
    launchType: task.oneOff?.launchType ?? world.serviceOf(task)?.launchType,
    capacityProviderName: task.oneOff?.capacityProviderName,
    platformVersion: task.oneOff?.platformVersion,
    overrides: task.oneOff?.overrides ?? { containerOverrides: [], inferenceAcceleratorOverrides: [] },
    pullStartedAt: epoch(task.pullStartedAt),
    pullStoppedAt: epoch(task.pullStoppedAt),
    startedAt: epoch(task.startedAt),
    startedBy: task.startedBy,
    stopCode: task.stopCode,
    stoppedAt: epoch(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stoppingAt: epoch(task.stoppingAt),
    tags: includeTags ? task.tags : undefined,
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: task.version,
  });
}

function revisionSummary(
  world: World,
  service: Service | undefined,
  revisionArn: string,
  live: boolean,
): Json {
  const deployment = live
    ? service?.deployments.find((d) => d.serviceRevisionArn === revisionArn)
    : undefined;
  const tasks =
    service && deployment ? world.serviceTasks(service).filter((t) => t.deploymentId === deployment.id) : [];
  const counts = countsOf(tasks);
  return {
    arn: revisionArn,
    requestedTaskCount: deployment?.desiredCount ?? 0,
    runningTaskCount: counts.running,
    pendingTaskCount: counts.pending,
  };
}

export function serviceDeploymentShape(world: World, record: ServiceDeploymentRecord): Json {
  const service = world.state.services.get(`${record.clusterName}/${record.serviceName}`);
  const breaker = record.deploymentConfiguration.deploymentCircuitBreaker;
  const current = service?.deployments.find((d) => d.serviceDeploymentArn === record.arn);
  const finished = record.finishedAt !== undefined || record.stoppedAt !== undefined;
  return compact({
    ...serviceDeploymentBrief(world, record),
    stoppedAt: epoch(record.stoppedAt),
    updatedAt: epoch(record.updatedAt),
    sourceServiceRevisions: record.sourceRevisionArns.map((arn) => ({
      ...revisionSummary(world, service, arn, true),
      ...revisionWeights(record, false),
    })),
    targetServiceRevision: {
      ...revisionSummary(world, service, record.targetRevisionArn, !record.rollbackDeploymentId),
      ...revisionWeights(record, true),
    },
    ...strategyFields(record),
    deploymentConfiguration: record.deploymentConfiguration,
    rollback: record.rollback
      ? { ...record.rollback, startedAt: epoch(record.rollback.startedAt) }
      : undefined,
    deploymentCircuitBreaker: {
      status: !breaker.enable
        ? 'DISABLED'
        : record.breakerTriggered
          ? 'TRIGGERED'
          : finished
            ? 'MONITORING_COMPLETE'
            : 'MONITORING',
      failureCount: current?.failedTasks ?? 0,
      threshold: breakerThreshold(service?.desiredCount ?? 0),
    },
  });
}

export function serviceDeploymentBrief(world: World, record: ServiceDeploymentRecord): Json {
  return compact({
    serviceDeploymentArn: record.arn,
    serviceArn: world.state.services.get(`${record.clusterName}/${record.serviceName}`)?.arn,
    clusterArn: clusterArn(world.ctx, record.clusterName),
    createdAt: epoch(record.createdAt),
    startedAt: epoch(record.startedAt),
    finishedAt: epoch(record.finishedAt),
    targetServiceRevisionArn: record.targetRevisionArn,
    status: record.status,
    statusReason: record.statusReason,
  });
}
