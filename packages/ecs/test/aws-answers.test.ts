// callEcs, startRollback, deploy, checkCredentials and confirmServing on precisely scripted AWS answers (nock).
import { describe, expect, it } from '@jest/globals';
import { ECSClient, type Service } from '@aws-sdk/client-ecs';
import nock from 'nock';
import { FakeClock, forgetSecrets, redactSecrets, silentLog } from '@shipline/toolkit';
import { callEcs, checkCredentials, deploy, startRollback } from '../src/index.js';
import { confirmServing } from '../src/watch/serving-check.js';
import { isolateNock } from '@shipline/toolkit/testing';

// Precise failure injection over the real SDK: each ECS call is answered by nock, by operation.
const ENDPOINT = 'http://ecs.test';
const TARGET = 'AmazonEC2ContainerServiceV20141113.';
type Answer = { status?: number; body: object };

function answer(operation: string, ...answers: Answer[]): nock.Scope {
  const scope = nock(ENDPOINT);
  for (const a of answers) {
    scope
      .post('/')
      .matchHeader('x-amz-target', `${TARGET}${operation}`)
      .reply(a.status ?? 200, a.body, { 'content-type': 'application/x-amz-json-1.1' });
  }
  return scope;
}
const awsError = (type: string, message: string, status = 400): Answer => ({
  status,
  body: { __type: type, message },
});

function client(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date } = {
    accessKeyId: 'a',
    secretAccessKey: 'b',
  },
): ECSClient {
  return new ECSClient({ endpoint: ENDPOINT, region: 'us-east-1', credentials, maxAttempts: 1 });
}
const context = () => ({
  deadline: Date.now() + 60_000,
  clock: new FakeClock(Date.now(), true),
});

isolateNock();

describe('callEcs', () => {
  it('retries throttling and 5xx until an answer, but not access denied', async () => {
    answer(
      'ListClusters',
      awsError('ThrottlingException', 'Rate exceeded'),
      awsError('ServerException', 'boom', 500),
      { body: { clusterArns: ['arn:c'] } },
    );
    const ecs = client();
    const { ListClustersCommand } = await import('@aws-sdk/client-ecs');
    const result = await callEcs(context(), (o) => ecs.send(new ListClustersCommand({}), o));
    expect(result.clusterArns).toEqual(['arn:c']);
    answer('ListClusters', awsError('AccessDeniedException', 'no'));
    await expect(callEcs(context(), (o) => ecs.send(new ListClustersCommand({}), o))).rejects.toThrow('no');
  });
});

describe('startRollback', () => {
  it('falls back to UpdateService when StopServiceDeployment is denied, and says why', async () => {
    answer(
      'ListServiceDeployments',
      awsError('AccessDeniedException', 'not allowed: ecs:ListServiceDeployments'),
    );
    answer('UpdateService', {
      body: {
        service: { deployments: [{ id: 'ecs-svc/2', status: 'PRIMARY', taskDefinition: 'arn:td/web:1' }] },
      },
    });
    const started = await startRollback(
      client(),
      { cluster: 'c', service: 'web', from: 'arn:td/web:2', to: 'arn:td/web:1' },
      context(),
    );
    expect(started).toMatchObject({ method: 'UpdateService', deploymentId: 'ecs-svc/2' });
    expect(started.note).toMatch(
      /StopServiceDeployment was not possible \(AccessDeniedException: not allowed/,
    );
  });
});

describe('deploy', () => {
  it('a second UpdateService refused: the error says which services were already updated', async () => {
    const service = (name: string): Service => ({
      serviceName: name,
      status: 'ACTIVE',
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
      deployments: [{ id: `ecs-svc/${name}`, status: 'PRIMARY', rolloutState: 'COMPLETED' }],
    });
    answer('DescribeServices', { body: { services: [service('a'), service('b')], failures: [] } });
    answer('UpdateService', {
      body: { service: { deployments: [{ id: 'ecs-svc/new', status: 'PRIMARY' }] } },
    });
    answer('UpdateService', awsError('AccessDeniedException', 'ecs:UpdateService denied on b'));
    const options = {
      cluster: 'c',
      services: ['a', 'b'],
      source: { kind: 'arn' as const, arn: 'web:1' },
      forceNewDeployment: false,
      wait: true,
      timeoutMs: 60_000,
      rollbackOnFailure: true,
      skipRegisterIfUnchanged: true,
      keepRevisions: 0,
    };
    answer('DescribeTaskDefinition', {
      body: {
        taskDefinition: {
          taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
          status: 'ACTIVE',
        },
      },
    });
    await expect(deploy(options, { ecs: client(), log: silentLog })).rejects.toThrow(
      /UpdateService failed for b: ecs:UpdateService denied on b\. Already updated: a\./,
    );
  });
});

describe('checkCredentials', () => {
  it('warns when the credentials expire before the deadline, not when after', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const expiring = client({
      accessKeyId: 'a',
      secretAccessKey: 'b',
      expiration: new Date(now + 10 * 60_000),
    });
    expect(await checkCredentials(expiring, now + 30 * 60_000, now)).toMatch(
      /expire in 10m 00s .* before this step's deadline in 30m 00s/,
    );
    expect(await checkCredentials(expiring, now + 5 * 60_000, now)).toBeUndefined();
  });

  it('registers the secret key and session token as secrets, whatever their source', async () => {
    forgetSecrets();
    const resolved = client({
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'wJalrSecretKey/0+x',
      sessionToken: 'IQoJsessionToken42',
    });
    await checkCredentials(resolved, Date.now() + 1000);
    expect(redactSecrets('AccessDenied for wJalrSecretKey/0+x with IQoJsessionToken42')).toBe(
      'AccessDenied for *** with ***',
    );
    forgetSecrets();
  });

  it('no credentials at all is a clear error before any call', async () => {
    const none = new ECSClient({
      endpoint: ENDPOINT,
      region: 'us-east-1',
      credentials: () => Promise.reject(new Error('Could not load credentials from any providers')),
    });
    await expect(checkCredentials(none, Date.now() + 1000)).rejects.toThrow(/No AWS credentials were found/);
  });
});

describe('confirmServing', () => {
  const stopped = (n: number, reason: string) => ({
    tasks: Array.from({ length: n }, (_, i) => ({
      taskArn: `arn:task/t${i}`,
      startedBy: 'ecs-svc/1',
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: reason,
      containers: [],
    })),
  });
  const verdict = (desiredCount: number) => ({
    state: 'completed' as const,
    deployment: { id: 'ecs-svc/1', desiredCount },
  });
  const ask = (n: number, desired: number, reason = 'Task failed container health checks') => {
    answer('ListTasks', { body: { taskArns: Array.from({ length: n }, (_, i) => `arn:task/t${i}`) } });
    if (n > 0) answer('DescribeTasks', { body: stopped(n, reason) });
    return confirmServing(client(), 'c', { serviceName: 'web' }, verdict(desired));
  };

  it('stands below the breaker threshold (half the desired count, at least 3)', async () => {
    expect((await ask(4, 10)).state).toBe('completed');
    expect((await ask(2, 2)).state).toBe('completed');
  });

  it('turns into a failure at the threshold, naming a stopped task', async () => {
    const judged = await ask(5, 10);
    expect(judged.state).toBe('failed');
    expect('reason' in judged && judged.reason).toMatch(/5 of its tasks have failed health checks/);
    expect((await ask(3, 2, 'Task failed ELB health checks in (target-group x)')).state).toBe('failed');
  });

  it('ignores tasks stopped for other reasons', async () => {
    expect((await ask(6, 4, 'Scaling activity initiated by (deployment ecs-svc/2)')).state).toBe('completed');
  });
});
