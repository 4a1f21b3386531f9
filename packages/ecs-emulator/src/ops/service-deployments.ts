// The service-deployment history: List/DescribeServiceDeployments, StopServiceDeployment,
// DescribeServiceRevisions.
import { ApiError, invalidParameter } from '../errors.js';
import type { Json } from '../model.js';
import {
  oneOf,
  optionalObject,
  optionalString,
  optionalStringList,
  paginate,
  requiredString,
} from '../params.js';
import { epoch, serviceDeploymentBrief, serviceDeploymentShape } from '../serialize.js';
import { resolveCluster, resolveService, type Operation } from './context.js';

const STATUSES = [
  'PENDING',
  'SUCCESSFUL',
  'STOPPED',
  'STOP_REQUESTED',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
] as const;

export const listServiceDeployments: Operation = ({ world }, body) => {
  const cluster = resolveCluster(world, body.cluster);
  const service = resolveService(world, cluster, body.service);
  const statuses = optionalStringList(body, 'status');
  for (const status of statuses ?? []) oneOf(status, 'status', STATUSES);
  const createdAt = optionalObject(body, 'createdAt') ?? {};
  const before = typeof createdAt.before === 'number' ? createdAt.before : Infinity;
  const after = typeof createdAt.after === 'number' ? createdAt.after : -Infinity;
  const records = [...world.state.serviceDeployments.values()]
    .filter((r) => r.serviceName === service.name && r.clusterName === cluster.name)
    .filter((r) => statuses === undefined || statuses.includes(r.status))
    .filter((r) => epoch(r.createdAt)! <= before && epoch(r.createdAt)! >= after)
    .sort((a, b) => b.createdAt - a.createdAt);
  const { page, nextToken } = paginate(records, body, 20);
  return {
    serviceDeployments: page.map((record) => serviceDeploymentBrief(world, record)),
    ...(nextToken ? { nextToken } : {}),
  };
};

export const describeServiceDeployments: Operation = ({ world }, body) => {
  const arns = optionalStringList(body, 'serviceDeploymentArns');
  if (!arns || arns.length === 0 || arns.length > 20) {
    throw invalidParameter('serviceDeploymentArns must list 1 to 20 service deployment ARNs.');
  }
  const serviceDeployments: Json[] = [];
  const failures: Json[] = [];
  for (const arn of arns) {
    const record = world.state.serviceDeployments.get(arn);
    if (record) serviceDeployments.push(serviceDeploymentShape(world, record));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { serviceDeployments, failures };
};

export const stopServiceDeployment: Operation = ({ world }, body) => {
  const arn = requiredString(body, 'serviceDeploymentArn');
  const stopType = oneOf(optionalString(body, 'stopType'), 'stopType', ['ABORT', 'ROLLBACK']) ?? 'ROLLBACK';
  if (stopType === 'ABORT')
    throw invalidParameter('stopType ABORT is not supported. The valid value is ROLLBACK.');
  const record = world.state.serviceDeployments.get(arn);
  if (!record) {
    throw new ApiError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');
  }
  if (record.status === 'ROLLBACK_REQUESTED' || record.status === 'ROLLBACK_IN_PROGRESS') {
    return { serviceDeploymentArn: arn };
  }
  if (record.status !== 'IN_PROGRESS' && record.status !== 'PENDING') {
    throw new ApiError(
      'ConflictException',
      `The service deployment is ${record.status} and cannot be stopped.`,
      400,
      {
        resourceIds: [arn],
      },
    );
  }
  if (record.sourceRevisionArns.length === 0) {
    throw new ApiError(
      'ConflictException',
      'The service deployment has no previous service revision to roll back to.',
    );
  }
  const now = world.now();
  record.status = 'ROLLBACK_REQUESTED';
  record.updatedAt = now;
  const service = world.state.services.get(`${record.clusterName}/${record.serviceName}`);
  if (service) world.addEvent(service, `(service-deployment ${arn}) rollback requested.`, now);
  world.touch(service);
  return { serviceDeploymentArn: arn };
};

export const describeServiceRevisions: Operation = ({ world }, body) => {
  const arns = optionalStringList(body, 'serviceRevisionArns');
  if (!arns || arns.length === 0 || arns.length > 20) {
    throw invalidParameter('serviceRevisionArns must list 1 to 20 service revision ARNs.');
  }
  const serviceRevisions: Json[] = [];
  const failures: Json[] = [];
  for (const arn of arns) {
    const revision = world.state.serviceRevisions.get(arn);
    if (!revision) {
      failures.push({ arn, reason: 'MISSING' });
      continue;
    }
    serviceRevisions.push({
      serviceRevisionArn: revision.arn,
      serviceArn: revision.serviceArn,
      clusterArn: revision.clusterArn,
      taskDefinition: revision.taskDefinitionArn,
      launchType: revision.launchType,
      networkConfiguration: revision.networkConfiguration,
      loadBalancers: [],
      serviceRegistries: [],
      createdAt: epoch(revision.createdAt),
    });
  }
  return { serviceRevisions, failures };
};
