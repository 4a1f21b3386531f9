// Rolling back a native strategy (CANARY) on scripted AWS answers (nock): during the bake a
// StopServiceDeployment ROLLBACK followed to ROLLBACK_SUCCESSFUL; after the service deployment
// ended, a new deployment of the previous revision (UpdateService) with the service's strategy.
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { FakeClock } from '@shipline/toolkit';
import { isolateNock } from '@shipline/toolkit/testing';
import { chooseStrategy, watchDeployments, type RolloutMoment } from '../src/index.js';
import {
  ARN,
  answer,
  client,
  created,
  ENDPOINT,
  OLD_TD,
  service,
  setUp,
  stage,
  TARGET,
  TD,
} from './support/native-answers.js';

// Answers persist (a poll asks again until the script ends): not every one need be used.
isolateNock({ requireAllUsed: false });

function strategyOf(seen: { moments: RolloutMoment[] }) {
  const ecs = client();
  const chosen = chooseStrategy(
    service,
    { strategy: 'keep' },
    {},
    { ecs, cluster: 'apps', onMoment: (_s, m) => seen.moments.push(m) },
  );
  return { ecs, strategy: chosen.strategy! };
}

/** Records the body of the first `operation` call and answers it with `reply`. */
function capture(operation: string, reply: object): { body?: unknown } {
  const seen: { body?: unknown } = {};
  nock(ENDPOINT)
    .post('/', (body: Record<string, unknown>) => {
      seen.body = body;
      return true;
    })
    .matchHeader('x-amz-target', `${TARGET}${operation}`)
    .reply(200, reply, { 'content-type': 'application/x-amz-json-1.1' });
  return seen;
}

describe('native strategy rollback (CANARY)', () => {
  it('rolls back during the bake with StopServiceDeployment ROLLBACK, followed to ROLLBACK_SUCCESSFUL', async () => {
    setUp(stage('IN_PROGRESS', 'BAKE_TIME', 100));
    const seen = { moments: [] as RolloutMoment[] };
    const clock = new FakeClock(created.getTime(), true);
    const { ecs, strategy } = strategyOf(seen);
    const stop = capture('StopServiceDeployment', { serviceDeploymentArn: ARN });
    const context = { deadline: clock.now() + 60_000, clock };
    const { started, follow: target } = await strategy.rollBack(
      { cluster: 'apps', service: 'web', from: TD, to: OLD_TD },
      context,
    );
    expect(stop.body).toEqual({ serviceDeploymentArn: ARN, stopType: 'ROLLBACK' });
    expect(started).toMatchObject({ method: 'StopServiceDeployment', serviceDeploymentArn: ARN });
    nock.cleanAll();
    setUp(
      stage('ROLLBACK_IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT', 0),
      stage('ROLLBACK_SUCCESSFUL', 'CLEAN_UP', 0),
    );
    const [result] = await watchDeployments({
      ecs,
      cluster: 'apps',
      targets: [target({ service: 'web', previousTaskDefinitionArn: TD })],
      ...context,
    });
    expect(result!.verdict.state).toBe('completed');
    expect(seen.moments.at(-1)).toMatchObject({ status: 'ROLLBACK_SUCCESSFUL', productionGreen: 0 });
  });

  it('after the service deployment ended: a new deployment of the previous revision, followed as a rollout', async () => {
    answer('ListServiceDeployments', {
      serviceDeployments: [
        {
          serviceDeploymentArn: ARN,
          targetServiceRevisionArn: 'arn:rev',
          createdAt: created.getTime() / 1000,
        },
      ],
    });
    answer('DescribeServiceRevisions', {
      serviceRevisions: [{ serviceRevisionArn: 'arn:rev', taskDefinition: TD }],
    });
    answer('DescribeServiceDeployments', stage('SUCCESSFUL', 'CLEAN_UP', 100));
    const update = capture('UpdateService', {
      service: {
        serviceName: 'web',
        deployments: [{ id: 'ecs-svc/3', status: 'PRIMARY', taskDefinition: OLD_TD }],
      },
    });
    const { strategy } = strategyOf({ moments: [] });
    const clock = new FakeClock(created.getTime(), true);
    const { started, follow } = await strategy.rollBack(
      { cluster: 'apps', service: 'web', from: TD, to: OLD_TD },
      { deadline: clock.now() + 60_000, clock },
    );
    expect(update.body).toEqual({ cluster: 'apps', service: 'web', taskDefinition: OLD_TD });
    expect(started).toMatchObject({ method: 'UpdateService', deploymentId: 'ecs-svc/3' });
    expect(started.note).toMatch(/a new CANARY deployment of web:1/);
    expect(follow({ service: 'web' })).toMatchObject({ deploymentId: 'ecs-svc/3', judge: expect.anything() });
  });
});
