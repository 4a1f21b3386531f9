import {
  CreateClusterCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type ECSClient,
  type ListTaskDefinitionsCommandInput,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import { ecsClient, startTestEmulator } from '../src/testing.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition';

beforeAll(async () => {
  emulator = await startTestEmulator();
  ecs = ecsClient(emulator, 1);
  for (const family of ['web', 'web', 'web', 'worker']) {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          { name: 'app', image: `shop/${family}:1`, portMappings: [{ containerPort: 80 }] },
        ],
        tags: family === 'worker' ? [{ key: 'team', value: 'core' }] : undefined,
      }),
    );
  }
});
afterAll(() => emulator.close());

const describeTd = async (taskDefinition: string) =>
  (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }))).taskDefinition!;

describe('task definitions', () => {
  it('registers revisions with ECS defaults filled in', async () => {
    const td = await describeTd('web:1');
    expect(td).toMatchObject({
      taskDefinitionArn: `${ARN}/web:1`,
      family: 'web',
      revision: 1,
      status: 'ACTIVE',
      compatibilities: ['EC2', 'FARGATE'],
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
    });
    expect(td.registeredAt).toBeInstanceOf(Date);
    expect(td.containerDefinitions![0]).toMatchObject({
      name: 'app',
      image: 'shop/web:1',
      essential: true,
      cpu: 0,
      environment: [],
      mountPoints: [],
      volumesFrom: [],
      portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
    });
  });

  it('describes by ARN, family:revision, or family (latest ACTIVE revision)', async () => {
    expect((await describeTd(`${ARN}/web:2`)).revision).toBe(2);
    expect((await describeTd('web')).revision).toBe(3);
    const deregistered = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:3' }));
    expect(deregistered.taskDefinition).toMatchObject({ status: 'INACTIVE', revision: 3 });
    expect(deregistered.taskDefinition!.deregisteredAt).toBeInstanceOf(Date);
    expect((await describeTd('web')).revision).toBe(2);
    expect((await describeTd('web:3')).status).toBe('INACTIVE');
    await expect(
      ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web' })),
    ).rejects.toMatchObject({
      name: 'ClientException',
    });
  });

  it('returns tags only when asked with include TAGS', async () => {
    const plain = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'worker' }));
    expect(plain.tags).toBeUndefined();
    const tagged = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'worker', include: ['TAGS'] }),
    );
    expect(tagged.tags).toEqual([{ key: 'team', value: 'core' }]);
  });

  it('lists by family and status, sorted and paginated', async () => {
    const list = async (input: ListTaskDefinitionsCommandInput) =>
      ecs.send(new ListTaskDefinitionsCommand(input));
    expect((await list({})).taskDefinitionArns).toEqual([`${ARN}/web:1`, `${ARN}/web:2`, `${ARN}/worker:1`]);
    expect((await list({ familyPrefix: 'web', sort: 'DESC' })).taskDefinitionArns).toEqual([
      `${ARN}/web:2`,
      `${ARN}/web:1`,
    ]);
    expect((await list({ status: 'INACTIVE' })).taskDefinitionArns).toEqual([`${ARN}/web:3`]);
    const page1 = await list({ maxResults: 2 });
    expect(page1.taskDefinitionArns).toHaveLength(2);
    const page2 = await list({ maxResults: 2, nextToken: page1.nextToken });
    expect(page2.taskDefinitionArns).toEqual([`${ARN}/worker:1`]);
    expect(page2.nextToken).toBeUndefined();
    await expect(list({ status: 'GONE' as never })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});

describe('tags', () => {
  it('tags and untags clusters and task definitions', async () => {
    const cluster = await ecs.send(new CreateClusterCommand({ clusterName: 'tagged' }));
    const clusterArn = cluster.cluster!.clusterArn!;
    await ecs.send(
      new TagResourceCommand({ resourceArn: clusterArn, tags: [{ key: 'env', value: 'staging' }] }),
    );
    await ecs.send(new TagResourceCommand({ resourceArn: `${ARN}/web:1`, tags: [{ key: 'a', value: '1' }] }));
    expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: clusterArn }))).tags).toEqual([
      { key: 'env', value: 'staging' },
    ]);
    await ecs.send(new UntagResourceCommand({ resourceArn: clusterArn, tagKeys: ['env'] }));
    expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: clusterArn }))).tags).toEqual([]);
    expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}/web:1` }))).tags).toEqual([
      { key: 'a', value: '1' },
    ]);
    await expect(
      ecs.send(new TagResourceCommand({ resourceArn: `${ARN}/ghost:1`, tags: [{ key: 'a', value: '1' }] })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
