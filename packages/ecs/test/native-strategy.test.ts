// A native strategy (CANARY) followed by its service deployment on scripted AWS answers (nock):
// stages and traffic recorded as they change, ECS's alarm rollback named, a rollback during bake a
// StopServiceDeployment ROLLBACK followed to ROLLBACK_SUCCESSFUL.
import { describe, expect, it } from '@jest/globals';
import { ECSClient, type Service, type ServiceDeployment } from '@aws-sdk/client-ecs';
import nock from 'nock';
import { FakeClock } from '@shipline/toolkit';
import { isolateNock } from '@shipline/toolkit/testing';
import { chooseStrategy, describeMoment, watchDeployments, type RolloutMoment } from '../src/index.js';

const ENDPOINT = 'http://ecs.test';
const TARGET = 'AmazonEC2ContainerServiceV20141113.';
const ARN = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/apps/web/abc';
const REVISION = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/apps/web/2';
const TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2';
const OLD_TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1';
const created = new Date('2026-12-03T09:00:00Z');

/** Every call to `operation` gets the answers in turn, the last one from then on. */
function answer(operation: string, ...bodies: object[]): void {
  let i = 0;
  nock(ENDPOINT)
    .persist()
    .post('/', (body: Record<string, unknown>) => body !== undefined)
    .matchHeader('x-amz-target', `${TARGET}${operation}`)
    .reply(200, () => bodies[Math.min(i++, bodies.length - 1)], {
      'content-type': 'application/x-amz-json-1.1',
    });
}

const service: Service = {
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
const wire = (s: Service) =>
  JSON.parse(
    JSON.stringify(s, (k, v) => (k === 'createdAt' && typeof v === 'string' ? Date.parse(v) / 1000 : v)),
  );
const stage = (
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

function setUp(...stages: object[]): void {
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

async function follow(strategyDeps: { moments: RolloutMoment[] }) {
  const ecs = new ECSClient({
    endpoint: ENDPOINT,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
  });
  const { strategy } = chooseStrategy(
    service,
    { strategy: 'keep' },
    {},
    {
      ecs,
      cluster: 'apps',
      onMoment: (_s, m) => strategyDeps.moments.push(m),
    },
  );
  const clock = new FakeClock(created.getTime(), true);
  const [result] = await watchDeployments({
    ecs,
    cluster: 'apps',
    targets: [
      strategy!.follow({ service: 'web', deploymentId: 'ecs-svc/2', previousTaskDefinitionArn: OLD_TD }),
    ],
    deadline: clock.now() + 60 * 60_000,
    clock,
  });
  return { ecs, strategy: strategy!, result: result! };
}

// Answers persist (a poll asks again until the script ends): not every one need be used.
isolateNock({ requireAllUsed: false });

describe('native strategy (CANARY)', () => {
  it('follows the service deployment to SUCCESSFUL, recording each stage and traffic split once', async () => {
    setUp(
      stage('IN_PROGRESS', 'SCALE_UP', 0),
      stage('IN_PROGRESS', 'SCALE_UP', 0),
      stage('IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT', 10),
      stage('IN_PROGRESS', 'BAKE_TIME', 100),
      stage('SUCCESSFUL', 'CLEAN_UP', 100),
    );
    const seen = { moments: [] as RolloutMoment[] };
    const { result, strategy } = await follow(seen);
    expect(result.verdict.state).toBe('completed');
    expect(seen.moments.map(describeMoment)).toEqual([
      'IN_PROGRESS SCALE_UP, production 0% green / 100% blue',
      'IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT, production 10% green / 90% blue',
      'IN_PROGRESS BAKE_TIME, production 100% green / 0% blue',
      'SUCCESSFUL CLEAN_UP, production 100% green / 0% blue',
    ]);
    expect(strategy.record()).toMatchObject({ serviceDeploymentArn: ARN, triggeredAlarms: [] });
  });

  it("calls ECS's alarm rollback a failure, naming the alarm", async () => {
    const alarms = {
      alarmNames: ['web-5xx'],
      triggeredAlarmNames: ['web-5xx'],
      status: 'TRIGGERED' as const,
    };
    setUp(
      stage('IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT', 10),
      stage('ROLLBACK_IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT', 0, {
        alarms,
        statusReason: 'alarm in ALARM',
      }),
    );
    const { result, strategy } = await follow({ moments: [] });
    expect(result.verdict).toMatchObject({
      state: 'rolled-back',
      reason: 'ECS rolled back service deployment abc: alarm web-5xx in ALARM; alarm in ALARM',
    });
    expect(strategy.record()?.triggeredAlarms).toEqual(['web-5xx']);
  });

  it('rolls back during the bake with StopServiceDeployment ROLLBACK, followed to ROLLBACK_SUCCESSFUL', async () => {
    setUp(stage('IN_PROGRESS', 'BAKE_TIME', 100));
    const seen = { moments: [] as RolloutMoment[] };
    const clock = new FakeClock(created.getTime(), true);
    const { ecs, strategy } = await (async () => {
      const ecs = new ECSClient({
        endpoint: ENDPOINT,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        maxAttempts: 1,
      });
      const chosen = chooseStrategy(
        service,
        { strategy: 'keep' },
        {},
        { ecs, cluster: 'apps', onMoment: (_s, m) => seen.moments.push(m) },
      );
      return { ecs, strategy: chosen.strategy! };
    })();
    let stopped: unknown;
    nock(ENDPOINT)
      .post('/', (body: Record<string, unknown>) => {
        stopped = body;
        return true;
      })
      .matchHeader('x-amz-target', `${TARGET}StopServiceDeployment`)
      .reply(200, { serviceDeploymentArn: ARN }, { 'content-type': 'application/x-amz-json-1.1' });
    const context = { deadline: clock.now() + 60_000, clock };
    const { started, follow: target } = await strategy.rollBack(
      { cluster: 'apps', service: 'web', from: TD, to: OLD_TD },
      context,
    );
    expect(stopped).toEqual({ serviceDeploymentArn: ARN, stopType: 'ROLLBACK' });
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
});
