// Which calls a watch makes while ECS bakes a native rollout: the service deployment read alone when
// only the bake's end is due, DescribeServices every SPARSE_LOOK_MS for events, and a whole look at
// the deadline. A scripted ECS (each answer what the step would see) and a clock that moves only
// when the watch sleeps.
import { describe, expect, it } from '@jest/globals';
import type { ECSClient, Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import type { Clock } from '@shipline/toolkit';
import { NativeJudge } from '../src/strategy/native-judge.js';
import { watchDeployments } from '../src/watch/deployment-watcher.js';
import { SPARSE_LOOK_MS } from '../src/watch/poll-cadence.js';

const T0 = 1_700_000_000_000;
const ARN = 'arn:aws:ecs:us-east-1:1:service-deployment/apps/web/abc';

/** ECS baking `web`'s blue/green rollout until `bakeEnd`, SUCCESSFUL from then on. */
function bakingEcs(clock: Clock, bakeEnd: number, calls: { op: string; at: number }[]): ECSClient {
  const service = (): Service => ({
    serviceName: 'web',
    status: 'ACTIVE',
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    deployments: [
      {
        id: 'd2',
        status: 'PRIMARY',
        rolloutState: 'IN_PROGRESS',
        desiredCount: 4,
        runningCount: 4,
        taskDefinition: 'td:2',
      },
      {
        id: 'd1',
        status: 'ACTIVE',
        rolloutState: 'COMPLETED',
        desiredCount: 4,
        runningCount: 4,
        taskDefinition: 'td:1',
      },
    ],
  });
  const record = (): ServiceDeployment => ({
    serviceDeploymentArn: ARN,
    status: clock.now() >= bakeEnd ? 'SUCCESSFUL' : 'IN_PROGRESS',
    lifecycleStage: clock.now() >= bakeEnd ? undefined : 'BAKE_TIME',
    createdAt: new Date(T0 - 7_000),
    deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 },
  });
  return {
    send: async (command: { constructor: { name: string } }) => {
      const op = command.constructor.name.replace(/Command$/, '');
      calls.push({ op, at: clock.now() - T0 });
      if (op === 'DescribeServices') return { services: [service()] };
      if (op === 'DescribeServiceDeployments') return { serviceDeployments: [record()] };
      if (op === 'DescribeTaskDefinition') return { taskDefinition: { containerDefinitions: [] } };
      throw new Error(`unexpected ${op}`);
    },
  } as unknown as ECSClient;
}

function steppedClock(): Clock {
  let now = T0;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

/** Watches one native rollout whose bake ends at `bakeEndsAt`, until `deadline`: its verdict and ECS's calls. */
async function watchBake(bakeEndsAt: number, deadline: number) {
  const clock = steppedClock();
  const calls: { op: string; at: number }[] = [];
  const ecs = bakingEcs(clock, bakeEndsAt, calls);
  const judge = new NativeJudge(ecs, 'apps', 'rollout', undefined, ARN);
  const [result] = await watchDeployments({
    ecs,
    cluster: 'apps',
    targets: [{ service: 'web', deploymentId: 'd2', judge }],
    deadline,
    clock,
  });
  return { verdict: result!.verdict, calls };
}

describe('a watch while ECS bakes a native rollout', () => {
  it('reads the service deployment alone when the bake could end, DescribeServices only every 15 s', async () => {
    const { verdict, calls } = await watchBake(T0 + 53_500, T0 + 600_000);
    expect(verdict.state).toBe('completed');
    const at = (op: string) => calls.filter((c) => c.op === op).map((c) => c.at);
    // The bake began before the first look (ECS's createdAt, 7 s earlier): it cannot end before 53 s.
    expect(at('DescribeServiceDeployments')).toEqual([0, 53_000, 54_800]);
    expect(at('DescribeServices')).toEqual([0, SPARSE_LOOK_MS, 2 * SPARSE_LOOK_MS, 3 * SPARSE_LOOK_MS]);
  });

  it('makes its last look at the deadline a whole one', async () => {
    const { verdict, calls } = await watchBake(T0 + 3_600_000, T0 + 50_000);
    expect(verdict.state).toBe('timed-out');
    // DescribeServices was due at 45 s and next at 60 s; at the deadline (50 s) it looks anyway.
    expect(calls.at(-1)).toEqual({ op: 'DescribeServices', at: 50_000 });
  });
});
