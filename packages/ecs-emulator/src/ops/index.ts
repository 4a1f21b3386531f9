// The operation table: X-Amz-Target operation name → handler, for ECS and the ECR subset.
import * as clusters from './clusters.js';
import { continueServiceDeployment } from './continue-deployment.js';
import type { Operation } from './context.js';
import * as ecr from './ecr.js';
export { LOGS_TARGET_PREFIX, logsOperations } from './logs.js';
export { CLOUDWATCH_TARGET_PREFIX, cloudwatchOperations } from './cloudwatch.js';
import * as serviceDeployments from './service-deployments.js';
import * as services from './services.js';
import * as taskDefinitions from './task-definitions.js';
import * as tasks from './tasks.js';

export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';
export const ECR_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921';

export const ecsOperations: Record<string, Operation> = {
  CreateCluster: clusters.createCluster,
  DescribeClusters: clusters.describeClusters,
  ListClusters: clusters.listClusters,
  TagResource: clusters.tagResource,
  UntagResource: clusters.untagResource,
  ListTagsForResource: clusters.listTagsForResource,
  RegisterTaskDefinition: taskDefinitions.registerTaskDefinition,
  DeregisterTaskDefinition: taskDefinitions.deregisterTaskDefinition,
  DescribeTaskDefinition: taskDefinitions.describeTaskDefinition,
  ListTaskDefinitions: taskDefinitions.listTaskDefinitions,
  CreateService: services.createService,
  UpdateService: services.updateService,
  DescribeServices: services.describeServices,
  DeleteService: services.deleteService,
  ListServices: services.listServices,
  ListTasks: tasks.listTasks,
  RunTask: tasks.runTask,
  DescribeTasks: tasks.describeTasks,
  StopTask: tasks.stopTask,
  ListServiceDeployments: serviceDeployments.listServiceDeployments,
  DescribeServiceDeployments: serviceDeployments.describeServiceDeployments,
  StopServiceDeployment: serviceDeployments.stopServiceDeployment,
  ContinueServiceDeployment: continueServiceDeployment,
  DescribeServiceRevisions: serviceDeployments.describeServiceRevisions,
};

export const ecrOperations: Record<string, Operation> = {
  GetAuthorizationToken: ecr.getAuthorizationToken,
  DescribeImages: ecr.describeImages,
};
