import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import { createAppService, ecsClient, registerApp, startTestEmulator } from '../src/testing.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  ecs = ecsClient(emulator, 1);
  await createAppService(ecs, { service: 'web', image: 'shop/web:1', desiredCount: 1 });
});
afterAll(() => emulator.close());

async function raw(target: string, body: string) {
  const response = await fetch(emulator.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body,
  });
  return { response, json: (await response.json()) as Record<string, unknown> };
}

describe('typed errors the SDK raises as it does against AWS', () => {
  it.each([
    [
      'ServiceNotFoundException',
      () => new UpdateServiceCommand({ cluster: 'apps', service: 'nope', desiredCount: 1 }),
    ],
    ['ClusterNotFoundException', () => new DescribeServicesCommand({ cluster: 'nope', services: ['web'] })],
    ['ClusterNotFoundException', () => new ListTasksCommand({ cluster: 'nope' })],
    ['ServiceNotFoundException', () => new ListTasksCommand({ cluster: 'apps', serviceName: 'nope' })],
    [
      'ServiceNotFoundException',
      () => new ListServiceDeploymentsCommand({ cluster: 'apps', service: 'nope' }),
    ],
    [
      'InvalidParameterException',
      () => new UpdateServiceCommand({ cluster: 'apps', service: 'web', desiredCount: -1 }),
    ],
    [
      'InvalidParameterException',
      () =>
        new UpdateServiceCommand({
          cluster: 'apps',
          service: 'web',
          deploymentConfiguration: { minimumHealthyPercent: 150 },
        }),
    ],
    ['InvalidParameterException', () => new DescribeServicesCommand({ cluster: 'apps', services: [] })],
    [
      'InvalidParameterException',
      () =>
        new DescribeServicesCommand({
          cluster: 'apps',
          services: Array.from({ length: 11 }, (_, i) => `s${i}`),
        }),
    ],
    [
      'InvalidParameterException',
      () => new CreateServiceCommand({ cluster: 'apps', serviceName: 'x', taskDefinition: 'missing:1' }),
    ],
    [
      'InvalidParameterException',
      () => new CreateServiceCommand({ cluster: 'apps', serviceName: 'web', taskDefinition: 'web' }),
    ],
    ['ClientException', () => new DescribeTaskDefinitionCommand({ taskDefinition: 'missing' })],
    [
      'ClientException',
      () => new RegisterTaskDefinitionCommand({ family: 'bad family', containerDefinitions: [] }),
    ],
    [
      'ClientException',
      () =>
        new RegisterTaskDefinitionCommand({
          family: 'nocpu',
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          containerDefinitions: [{ name: 'a', image: 'a' }],
        }),
    ],
  ])('%s', async (name, command) => {
    const error = await ecs.send(command() as never).then(
      () => undefined,
      (e: unknown) => e as Error & { $metadata: { httpStatusCode?: number }; $fault: string },
    );
    expect(error?.name).toBe(name);
    expect(error?.$metadata.httpStatusCode).toBe(400);
    expect(error?.$fault).toBe('client');
    expect(error?.message).not.toBe('');
  });

  it('refuses a FARGATE service for an awsvpc task definition without network configuration', async () => {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'fg',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'a', image: 'shop/a:1' }],
      }),
    );
    const create = (networkConfiguration?: object) =>
      ecs.send(
        new CreateServiceCommand({
          cluster: 'apps',
          serviceName: 'fg',
          taskDefinition: 'fg',
          launchType: 'FARGATE',
          desiredCount: 1,
          ...(networkConfiguration ? { networkConfiguration } : {}),
        }),
      );
    await expect(create()).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    });
    const created = await create({
      awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'ENABLED' },
    });
    expect(created.service).toMatchObject({ launchType: 'FARGATE', platformVersion: 'LATEST' });
    expect(created.service!.deployments![0]).toMatchObject({
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
    });
  });

  it('returns missing services, clusters and tasks as failures, as ECS does', async () => {
    const services = await ecs.send(
      new DescribeServicesCommand({ cluster: 'apps', services: ['web', 'ghost'] }),
    );
    expect(services.services!.map((s) => s.serviceName)).toEqual(['web']);
    expect(services.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/apps/ghost', reason: 'MISSING' },
    ]);
    const clusters = await ecs.send(new DescribeClustersCommand({ clusters: ['apps', 'ghost'] }));
    expect(clusters.clusters!.map((c) => c.clusterName)).toEqual(['apps']);
    expect(clusters.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/ghost', reason: 'MISSING' },
    ]);
    const tasks = await ecs.send(
      new DescribeTasksCommand({ cluster: 'apps', tasks: ['0123456789abcdef0123456789abcdef'] }),
    );
    expect(tasks.failures![0]!.reason).toBe('MISSING');
  });

  it('uses the default cluster when none is named, and it must exist', async () => {
    await expect(ecs.send(new DescribeServicesCommand({ services: ['web'] }))).rejects.toMatchObject({
      name: 'ClusterNotFoundException',
    });
    await ecs.send(new CreateClusterCommand({}));
    const described = await ecs.send(new DescribeServicesCommand({ services: ['web'] }));
    expect(described.failures![0]!.arn).toBe('arn:aws:ecs:us-east-1:123456789012:service/default/web');
    await registerApp(ecs, 'other', 'shop/other:1');
  });
});

describe('JSON 1.1 wire protocol', () => {
  it('answers with x-amzn-RequestId, the JSON 1.1 content type and epoch-second timestamps', async () => {
    const { response, json } = await raw(
      'AmazonEC2ContainerServiceV20141113.DescribeServices',
      JSON.stringify({ cluster: 'apps', services: ['web'] }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    const service = (json.services as Record<string, unknown>[])[0]!;
    expect(typeof service.createdAt).toBe('number');
    expect(Math.abs((service.createdAt as number) * 1000 - Date.now())).toBeLessThan(24 * 3600_000);
  });

  it('rejects unknown operations, unknown services and malformed bodies with ECS-style errors', async () => {
    const unknown = await raw('AmazonEC2ContainerServiceV20141113.LaunchRockets', '{}');
    expect(unknown.response.status).toBe(400);
    expect(unknown.json).toMatchObject({ __type: 'UnknownOperationException' });
    const otherService = await raw('DynamoDB_20120810.ListTables', '{}');
    expect(otherService.json.__type).toBe('UnknownOperationException');
    const malformed = await raw('AmazonEC2ContainerServiceV20141113.DescribeServices', '{not json');
    expect(malformed.response.status).toBe(400);
    expect(malformed.json.__type).toBe('SerializationException');
  });
});
