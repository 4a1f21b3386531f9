// watchDeployments with confirmServing: a release that passes health checks, then fails them.
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { FakeClock } from '@shipline/toolkit';
import { isolateNock } from '@shipline/toolkit/testing';
import { createEcsClient } from '../src/client/ecs-client.js';
import { watchDeployments } from '../src/watch/deployment-watcher.js';
import { confirmServing } from '../src/watch/serving-check.js';

// A release whose tasks pass health checks and then fail them: ECS has called the rollout
// COMPLETED (its breaker no longer counts), and at any moment some tasks are being replaced.
const ENDPOINT = 'http://ecs.test';
const TARGET = 'AmazonEC2ContainerServiceV20141113.';
const ecs = createEcsClient({
  endpoint: ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  maxAttempts: 1,
});
const reply = (operation: string, body: object) =>
  nock(ENDPOINT)
    .persist()
    .post('/')
    .matchHeader('x-amz-target', `${TARGET}${operation}`)
    .reply(200, body, { 'content-type': 'application/x-amz-json-1.1' });

isolateNock({ requireAllUsed: false });

describe('watchDeployments: a COMPLETED release that keeps failing health checks', () => {
  it('is FAILED on the first look, even when that look does not see every task running', async () => {
    reply('DescribeServices', {
      services: [
        {
          serviceName: 'web',
          status: 'ACTIVE',
          deployments: [
            {
              id: 'ecs-svc/2',
              status: 'PRIMARY',
              taskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/web:2',
              rolloutState: 'COMPLETED',
              desiredCount: 2,
              runningCount: 0,
              pendingCount: 2,
            },
          ],
        },
      ],
    });
    const tasks = [1, 2, 3].map((n) => ({
      taskArn: `arn:aws:ecs:us-east-1:1:task/apps/t${n}`,
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/web:2',
      startedBy: 'ecs-svc/2',
      lastStatus: 'STOPPED',
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: 'Task failed container health checks',
    }));
    reply('ListTasks', { taskArns: tasks.map((t) => t.taskArn) });
    reply('DescribeTasks', { tasks });
    const clock = new FakeClock(Date.UTC(2026, 0, 1), true);
    let looks = 0;
    const [result] = await watchDeployments({
      ecs,
      cluster: 'apps',
      targets: [{ service: 'web', deploymentId: 'ecs-svc/2' }],
      deadline: clock.now() + 60_000,
      clock,
      onCheck: () => looks++,
      confirmCompleted: (service, verdict) => confirmServing(ecs, 'apps', service, verdict),
    });
    expect(result!.verdict).toMatchObject({ state: 'failed' });
    expect((result!.verdict as { reason: string }).reason).toMatch(
      /3 of its tasks have failed health checks after starting .* does not stay healthy/,
    );
    expect(looks).toBe(1);
  });
});
