// Scripted ECS answers (nock) for a CANARY service whose deployment ecs-svc/2 (web:1 → web:2) is
// followed by its service deployment: the service, the lookup and each look at the deployment.
import { ECSClient, type Service, type ServiceDeployment } from '@aws-sdk/client-ecs';
import nock from 'nock';

export const ENDPOINT = 'http://ecs.test';
export const TARGET = 'AmazonEC2ContainerServiceV20141113.';
export const ARN = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/apps/web/abc';
export const REVISION = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/apps/web/2';
export const TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2';
export const OLD_TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1';
export const created = new Date('2026-12-03T09:00:00Z');

/** Every call to `operation` gets the answers in turn, the last one from then on. */
export function answer(operation: string, ...bodies: object[]): void {
  let i = 0;
  nock(ENDPOINT)
    .persist()
    .post('/', (body: Record<string, unknown>) => body !== undefined)
    .matchHeader('x-amz-target', `${TARGET}${operation}`)
    .reply(200, () => bodies[Math.min(i++, bodies.length - 1)], {
      'content-type': 'application/x-amz-json-1.1',
    });
}

export const service: Service = {
  serviceName: 'web',
  status: 'ACTIVE',
  deploymentConfiguration: { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 10 } },
  loadBalancers: [
    {
      targetGroupArn: 'arn:tg/web-blue/1',
      advancedConfiguration: {
        alternateTargetGroupArn: 'arn:tg/web-green/2',
        productionListenerRule: 'arn:rule',
        roleArn: 'arn:role',
      },
    },
  ],
  deployments: [
    {
      id: 'ecs-svc/2',
      status: 'PRIMARY',
      taskDefinition: TD,
      rolloutState: 'IN_PROGRESS',
      createdAt: created,
    },
    {
      id: 'ecs-svc/1',
      status: 'ACTIVE',
      taskDefinition: OLD_TD,
      rolloutState: 'COMPLETED',
      createdAt: new Date(0),
    },
  ],
  events: [],
};
export const wire = (s: Service) =>
  JSON.parse(
    JSON.stringify(s, (k, v) => (k === 'createdAt' && typeof v === 'string' ? Date.parse(v) / 1000 : v)),
  );
export const stage = (
  status: string,
  lifecycleStage: string,
  green: number,
  extra: Partial<ServiceDeployment> = {},
) => ({
  serviceDeployments: [
    {
      serviceDeploymentArn: ARN,
      status,
      lifecycleStage,
      updatedAt: created.getTime() / 1000,
      targetServiceRevision: { arn: REVISION, requestedProductionTrafficWeight: green },
      ...extra,
    },
  ],
});

export function setUp(...stages: object[]): void {
  answer('DescribeServices', { services: [wire(service)], failures: [] });
  answer('ListServiceDeployments', {
    serviceDeployments: [
      { serviceDeploymentArn: ARN, targetServiceRevisionArn: REVISION, createdAt: created.getTime() / 1000 },
    ],
  });
  answer('DescribeServiceRevisions', {
    serviceRevisions: [{ serviceRevisionArn: REVISION, taskDefinition: TD }],
  });
  answer('DescribeServiceDeployments', ...stages);
}

export const client = () =>
  new ECSClient({
    endpoint: ENDPOINT,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
  });
