import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ECSClient,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import {
  createAppService,
  describeService,
  ecsClient,
  registerApp,
  startTestEmulator,
  waitFor,
  waitForSteady,
} from '../src/testing.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;

beforeAll(async () => {
  emulator = await startTestEmulator({
    scenarios: [
      { image: '*:slow-*', slowStart: 86_400 },
      { image: '*:crash-*', behaviour: 'crash-on-start' },
    ],
  });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

async function history(service: string) {
  const listed = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'apps', service }));
  return listed.serviceDeployments!;
}

async function describeOne(arn: string): Promise<ServiceDeployment> {
  const described = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
  return described.serviceDeployments![0]!;
}

describe('service deployments API', () => {
  it('keeps the history of a service: SUCCESSFUL deployments with source and target revisions', async () => {
    const v1 = await createAppService(ecs, { service: 'api', image: 'shop/api:1', desiredCount: 2 });
    await waitForSteady(ecs, 'api');
    const v2 = await registerApp(ecs, 'api', 'shop/api:2');
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'api', taskDefinition: v2 }));
    await waitForSteady(ecs, 'api');

    const list = await history('api');
    expect(list.map((d) => d.status)).toEqual(['SUCCESSFUL', 'SUCCESSFUL']);
    expect(list[0]!.serviceDeploymentArn).toMatch(
      /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/apps\/api\/[\w-]{22}$/,
    );
    expect(list[0]!.createdAt!.getTime()).toBeGreaterThan(list[1]!.createdAt!.getTime());

    const latest = await describeOne(list[0]!.serviceDeploymentArn!);
    expect(latest).toMatchObject({
      status: 'SUCCESSFUL',
      serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/apps/api',
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/apps',
      targetServiceRevision: { requestedTaskCount: 2, runningTaskCount: 2, pendingTaskCount: 0 },
      deploymentCircuitBreaker: { status: 'DISABLED' },
    });
    expect(latest.finishedAt).toBeInstanceOf(Date);
    expect(latest.sourceServiceRevisions).toEqual([
      {
        arn: list[1]!.targetServiceRevisionArn,
        requestedTaskCount: 0,
        runningTaskCount: 0,
        pendingTaskCount: 0,
      },
    ]);
    const revisions = await ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: [list[1]!.targetServiceRevisionArn!, list[0]!.targetServiceRevisionArn!],
      }),
    );
    expect(revisions.serviceRevisions!.map((r) => r.taskDefinition)).toEqual([v1, v2]);

    const filtered = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'apps', service: 'api', status: ['IN_PROGRESS'] }),
    );
    expect(filtered.serviceDeployments).toEqual([]);
    const missing = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [`${list[0]!.serviceDeploymentArn}x`] }),
    );
    expect(missing.failures).toEqual([{ arn: `${list[0]!.serviceDeploymentArn}x`, reason: 'MISSING' }]);
  });

  it('StopServiceDeployment ROLLBACK returns an in-progress deployment to the previous revision', async () => {
    const before = await describeService(ecs, 'api');
    const slow = await registerApp(ecs, 'api', 'shop/api:slow-3');
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'api', taskDefinition: slow }));
    const [current] = await history('api');
    expect(current!.status).toBe('IN_PROGRESS');

    const stopped = await ecs.send(
      new StopServiceDeploymentCommand({
        serviceDeploymentArn: current!.serviceDeploymentArn!,
        stopType: 'ROLLBACK',
      }),
    );
    expect(stopped.serviceDeploymentArn).toBe(current!.serviceDeploymentArn);
    expect((await describeOne(current!.serviceDeploymentArn!)).status).toMatch(
      /^ROLLBACK_(REQUESTED|IN_PROGRESS)$/,
    );

    const done = await waitFor('ROLLBACK_SUCCESSFUL', async () => {
      const d = await describeOne(current!.serviceDeploymentArn!);
      return d.status === 'ROLLBACK_SUCCESSFUL' ? d : undefined;
    });
    expect(done.rollback).toMatchObject({ serviceRevisionArn: done.sourceServiceRevisions![0]!.arn });
    expect(done.rollback!.startedAt).toBeInstanceOf(Date);
    const service = await waitForSteady(ecs, 'api');
    expect(service.deployments![0]!.taskDefinition).toBe(before.taskDefinition);
    const version = await fetch(emulator.loadBalancerUrl('apps', 'api')).then((r) =>
      r.headers.get('x-app-version'),
    );
    expect(version).toBe('2');

    await expect(
      ecs.send(
        new StopServiceDeploymentCommand({
          serviceDeploymentArn: current!.serviceDeploymentArn!,
          stopType: 'ROLLBACK',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConflictException' });
    await expect(
      ecs.send(
        new StopServiceDeploymentCommand({ serviceDeploymentArn: `${current!.serviceDeploymentArn}zz` }),
      ),
    ).rejects.toMatchObject({ name: 'ServiceDeploymentNotFoundException' });
  });

  it('a newer UpdateService stops the in-progress service deployment', async () => {
    const slow = await registerApp(ecs, 'api', 'shop/api:slow-4');
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'api', taskDefinition: slow }));
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'api', forceNewDeployment: true }));
    const [newest, previous] = await history('api');
    expect(newest!.status).toBe('IN_PROGRESS');
    expect(previous).toMatchObject({
      status: 'STOPPED',
      statusReason: expect.stringContaining('new service deployment'),
    });
  });

  it('records a circuit-breaker rollback as ROLLBACK_SUCCESSFUL with the breaker TRIGGERED', async () => {
    await createAppService(ecs, {
      service: 'cb',
      image: 'shop/cb:1',
      desiredCount: 1,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
    await waitForSteady(ecs, 'cb');
    const bad = await registerApp(ecs, 'cb', 'shop/cb:crash-2');
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'cb', taskDefinition: bad }));
    const [record] = await history('cb');
    const done = await waitFor('ROLLBACK_SUCCESSFUL', async () => {
      const d = await describeOne(record!.serviceDeploymentArn!);
      return d.status === 'ROLLBACK_SUCCESSFUL' ? d : undefined;
    });
    expect(done.deploymentCircuitBreaker).toMatchObject({ status: 'TRIGGERED', threshold: 3 });
    expect(done.rollback!.reason).toBe('ECS deployment circuit breaker: tasks failed to start.');
  });
});
