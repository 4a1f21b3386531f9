// A native strategy (CANARY) followed by its service deployment on scripted AWS answers (nock):
// stages and traffic recorded as they change, ECS's alarm rollback named with its alarm.
import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '@shipline/toolkit';
import { isolateNock } from '@shipline/toolkit/testing';
import { chooseStrategy, describeMoment, watchDeployments, type RolloutMoment } from '../src/index.js';
import { ARN, client, created, OLD_TD, service, setUp, stage } from './support/native-answers.js';

async function follow(strategyDeps: { moments: RolloutMoment[] }) {
  const ecs = client();
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
});
