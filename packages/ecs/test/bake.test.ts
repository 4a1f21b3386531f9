// The bake after COMPLETED (bakeDeployments, bakeServices) against a scripted ECS on simulated time.
import { describe, expect, it } from '@jest/globals';
import type { Deployment, ECSClient, Service, Task, TaskStopCode } from '@aws-sdk/client-ecs';
import { FakeClock } from '@shipline/toolkit';
import { bakeDeployments, bakeServices, SHORTFALL_GRACE_MS, type BakeOutcome } from '../src/index.js';

// A scripted ECS on simulated time: each moment of the script says what DescribeServices and
// ListTasks/DescribeTasks answer from then on. The FakeClock moves only when the bake sleeps.
const START = Date.UTC(2026, 0, 1);
const OURS = 'ecs-svc/ours';
const td = (revision: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`;

interface Moment {
  at: number;
  running?: number;
  desired?: number;
  /** Replaces every deployment but ours (e.g. a newer PRIMARY that supersedes it). */
  newer?: Deployment;
  gone?: boolean;
  stopped?: Task[];
  event?: string;
  /** From then on this operation never answers (its caller's hard stop must end the wait). */
  silent?: string;
}

function stoppedTask(id: string, stopCode: TaskStopCode, stoppedReason: string, exitCode?: number): Task {
  return {
    taskArn: `arn:aws:ecs:us-east-1:123456789012:task/apps/${id}`,
    taskDefinitionArn: td(2),
    startedBy: OURS,
    stopCode,
    stoppedReason,
    containers: [{ name: 'app', ...(exitCode === undefined ? {} : { exitCode }) }],
  };
}

function scriptedEcs(clock: FakeClock, script: Moment[]) {
  const calls: string[] = [];
  const now = () => {
    const t = clock.now() - START;
    const state = { running: 2, desired: 2, stopped: [] as Task[], events: [] as [string, number][] } as {
      running: number;
      desired: number;
      stopped: Task[];
      events: [string, number][];
      newer?: Deployment;
      gone?: boolean;
      silent?: string;
    };
    for (const m of script.filter((x) => x.at <= t)) {
      if (m.running !== undefined) state.running = m.running;
      if (m.desired !== undefined) state.desired = m.desired;
      if (m.newer) state.newer = m.newer;
      if (m.gone) state.gone = true;
      if (m.silent) state.silent = m.silent;
      if (m.stopped)
        state.stopped.push(...m.stopped.map((x) => ({ stoppedAt: new Date(START + m.at), ...x })));
      if (m.event) state.events.unshift([m.event, m.at]);
    }
    return state;
  };
  const ecs = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push(name);
      const state = now();
      if (state.silent === name) {
        await clock.sleep(3_600_000);
        return new Promise(() => undefined);
      }
      if (name === 'DescribeServices') {
        if (state.gone) return { services: [], failures: [{ reason: 'MISSING' }] };
        const ours: Deployment = {
          id: OURS,
          status: state.newer ? 'ACTIVE' : 'PRIMARY',
          taskDefinition: td(2),
          desiredCount: state.desired,
          runningCount: state.running,
          pendingCount: Math.max(0, state.desired - state.running),
          rolloutState: 'COMPLETED',
        };
        const service: Service = {
          serviceName: 'web',
          status: 'ACTIVE',
          deployments: state.newer ? [state.newer, ours] : [ours],
          events: state.events.map(([message, at], i) => ({
            id: `e${state.events.length - i}`,
            message,
            createdAt: new Date(START + at),
          })),
        };
        return { services: [service] };
      }
      if (name === 'ListTasks') return { taskArns: state.stopped.map((t) => t.taskArn) };
      if (name === 'DescribeTasks') return { tasks: state.stopped };
      throw new Error(`unscripted ${name}`);
    },
  } as unknown as ECSClient;
  return { ecs, calls };
}

async function bake(script: Moment[], durationMs = 5 * 60_000, signal?: AbortSignal) {
  const clock = new FakeClock(START);
  const { ecs, calls } = scriptedEcs(clock, script);
  const [result] = await bakeDeployments({
    ecs,
    cluster: 'apps',
    targets: [{ service: 'web', deploymentId: OURS }],
    durationMs,
    clock,
    signal,
  });
  return { result: result!, calls, endedAt: clock.now() - START };
}

const HEALTH = 'Task failed container health checks';
const COMPLETED_EVENT = `(service web) (deployment ${OURS}) deployment completed.`;

describe('bakeDeployments', () => {
  it('a deployment that stays whole passes after the whole window, in few calls', async () => {
    const { result, calls, endedAt } = await bake([]);
    expect(result).toMatchObject({ state: 'passed', seen: '2/2 running, 0 stopped', stoppedTasks: [] });
    expect(endedAt).toBeGreaterThanOrEqual(5 * 60_000);
    expect(endedAt).toBeLessThan(5 * 60_000 + 1_000);
    const describes = calls.filter((c) => c === 'DescribeServices').length;
    // Adaptive: 2 s growing to 15 s while nothing moves; stopped tasks listed on the first and last look.
    expect(describes).toBeGreaterThan(10);
    expect(describes).toBeLessThan(30);
    expect(calls.filter((c) => c === 'ListTasks').length).toBe(2);
  });

  it('a task stopped for failed health checks fails it, naming the task, reason and exit code', async () => {
    const { result, endedAt } = await bake([
      { at: 40_000, running: 1, stopped: [stoppedTask('abc', 'ServiceSchedulerInitiated', HEALTH, 137)] },
    ]);
    expect(result.state).toBe('failed');
    expect(result.reason).toMatch(
      /^during bake: task abc \(web:2\): Task failed container health checks; app exit 137\b/,
    );
    expect(result.seen).toBe('1/2 running, 1 stopped (1 failed)');
    expect(endedAt).toBeGreaterThanOrEqual(40_000);
    expect(endedAt).toBeLessThanOrEqual(40_000 + 15_000); // found within one longest interval
  });

  it('an ELB health check failure or an essential container exit fails it too', async () => {
    const elb = 'Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:tg/web/1)';
    const byElb = await bake([
      { at: 10_000, stopped: [stoppedTask('e1', 'ServiceSchedulerInitiated', elb)] },
    ]);
    expect(byElb.result.reason).toContain(elb);
    const exited = await bake([
      {
        at: 10_000,
        stopped: [stoppedTask('x1', 'EssentialContainerExited', 'Essential container in task exited', 1)],
      },
    ]);
    expect(exited.result).toMatchObject({ state: 'failed' });
    expect(exited.result.reason).toMatch(/task x1 .*Essential container in task exited; app exit 1/);
  });

  it('tasks that stopped before ECS called the rollout COMPLETED are not held against it', async () => {
    const { result } = await bake([
      { at: -20_000, stopped: [stoppedTask('old', 'ServiceSchedulerInitiated', HEALTH)] },
      { at: -10_000, event: COMPLETED_EVENT },
    ]);
    expect(result).toMatchObject({ state: 'passed', seen: '2/2 running, 0 stopped' });
    const unknown = await bake([
      { at: -5_000, stopped: [stoppedTask('old', 'ServiceSchedulerInitiated', HEALTH)] },
    ]);
    expect(unknown.result.state).toBe('passed'); // without ECS's event, everything before the first look
  });

  it('a task that failed after COMPLETED but before the first look counts', async () => {
    const { result, endedAt } = await bake([
      { at: -10_000, event: COMPLETED_EVENT },
      { at: -5_000, running: 1, stopped: [stoppedTask('early', 'ServiceSchedulerInitiated', HEALTH)] },
    ]);
    expect(result.state).toBe('failed');
    expect(result.reason).toMatch(/^during bake: task early \(web:2\)/);
    expect(endedAt).toBe(0);
  });

  it('a task stopped on purpose and replaced within the grace passes, and is counted', async () => {
    const { result } = await bake([
      { at: 30_000, running: 1, stopped: [stoppedTask('u1', 'UserInitiated', 'Task stopped by user')] },
      { at: 30_000 + SHORTFALL_GRACE_MS - 10_000, running: 2 },
    ]);
    expect(result).toMatchObject({ state: 'passed', seen: '2/2 running, 1 stopped' });
  });

  it('a running count below desired for longer than the grace fails it', async () => {
    const { result, endedAt } = await bake([{ at: 20_000, running: 1 }]);
    expect(result.state).toBe('failed');
    expect(result.reason).toMatch(/^during bake: 1 of 2 desired task\(s\) running, short for 2m \d\ds$/);
    expect(endedAt - 20_000).toBeGreaterThanOrEqual(SHORTFALL_GRACE_MS);
  });

  it('a shortfall still there at the end of the window fails it, however young', async () => {
    const { result } = await bake([{ at: 4 * 60_000 + 50_000, running: 1 }]);
    expect(result.state).toBe('failed');
    expect(result.reason).toMatch(/1 of 2 desired task\(s\) running at the end of the window/);
  });

  it('a scale-out (desired up, new tasks pending) is not a shortfall; a scale-in is not either', async () => {
    const out = await bake([{ at: 10_000, desired: 4 }]);
    expect(out.result.state).toBe('passed');
    const stop = stoppedTask(
      's1',
      'ServiceSchedulerInitiated',
      'Scaling activity initiated by (deployment ecs-svc/ours)',
    );
    const scaleIn = await bake([{ at: 10_000, desired: 1, running: 1, stopped: [stop] }]);
    expect(scaleIn.result).toMatchObject({ state: 'passed', seen: '1/1 running, 1 stopped' });
  });

  it('a newer deployment by someone else supersedes it; a deleted service ends it', async () => {
    const newer: Deployment = { id: 'ecs-svc/theirs', status: 'PRIMARY', taskDefinition: td(3) };
    const superseded = await bake([{ at: 60_000, newer }]);
    expect(superseded.result.state).toBe('superseded');
    expect(superseded.result.reason).toMatch(
      /during bake: deployment ecs-svc\/ours is no longer PRIMARY: deployment ecs-svc\/theirs of web:3 replaced it/,
    );
    const gone = await bake([{ at: 60_000, gone: true }]);
    expect(gone.result.state).toBe('service-inactive');
  });

  it('ECS silent on the last look: judged on what was seen, never an exception', async () => {
    const { result } = await bake([{ at: 5 * 60_000, silent: 'ListTasks' }]);
    expect(result.state).toBe('passed');
    // A fake client has no call labels; the real one names the operation and endpoint.
    expect(result.seen).toMatch(
      /^2\/2 running, 0 stopped; the last look got no answer \(a call\); watched until 4m 5\ds$/,
    );
  });

  it('ECS silent for most of the window: TIMED_OUT, since nobody saw the release through it', async () => {
    const { result } = await bake([{ at: 60_000, silent: 'DescribeServices' }]);
    expect(result.state).toBe('timed-out');
    // A window shorter than the longest interval is no exception.
    const short = await bake([{ at: 3_000, silent: 'DescribeServices' }], 10_000);
    expect(short.result.state).toBe('timed-out');
    expect(result.reason).toMatch(
      /^during bake: ECS did not answer a call; the deployment was last seen [\d.]+s into the 5m 00s window$/,
    );
  });

  it('cancelled mid-window: says so, and stops at once', async () => {
    const controller = new AbortController();
    const clock = new FakeClock(START);
    const { ecs } = scriptedEcs(clock, []);
    const send = ecs.send.bind(ecs);
    let looks = 0;
    (ecs as { send: unknown }).send = async (command: never) => {
      if (++looks === 5) controller.abort(new Error('SIGINT'));
      return send(command);
    };
    const [result] = await bakeDeployments({
      ecs,
      cluster: 'apps',
      targets: [{ service: 'web', deploymentId: OURS }],
      durationMs: 5 * 60_000,
      clock,
      signal: controller.signal,
    });
    expect(result).toMatchObject({ state: 'cancelled', reason: 'the run was cancelled during the bake' });
    expect(clock.now() - START).toBeLessThan(60_000);
  });
});

describe('bakeServices', () => {
  it('turns a COMPLETED outcome into FAILED with the bake named, and logs the window and what was seen', async () => {
    const clock = new FakeClock(START);
    const { ecs } = scriptedEcs(clock, [
      { at: 40_000, running: 1, event: '(service web) (task abc) failed container health checks.' },
      { at: 40_000, stopped: [stoppedTask('abc', 'ServiceSchedulerInitiated', HEALTH, 137)] },
    ]);
    const lines: string[] = [];
    const log = {
      info: (m: string) => lines.push(m),
      warning: (m: string) => lines.push(`warning: ${m}`),
      group: <T>(_n: string, body: () => Promise<T>) => body(),
    };
    const outcome = {
      service: 'web',
      deploymentId: OURS,
      rolloutState: 'COMPLETED' as const,
      events: [] as string[],
      stoppedTasks: [] as string[],
      bake: undefined as BakeOutcome | undefined,
    };
    await bakeServices(ecs, log, { cluster: 'apps', bakeTimeMs: 2 * 60_000 }, [outcome], { clock });
    expect(outcome).toMatchObject({
      rolloutState: 'FAILED',
      reason: expect.stringMatching(
        /^during bake: task abc \(web:2\): Task failed container health checks; app exit 137\b/,
      ),
      stoppedTasks: [
        expect.stringMatching(/^task abc \(web:2\): Task failed container health checks; app exit 137\b/),
      ],
      bake: { durationMs: 120_000, state: 'failed', seen: '1/2 running, 1 stopped (1 failed)' },
    });
    const log_ = lines.join('\n');
    expect(log_).toMatch(
      /^bake 2m 00s: ECS no longer watches a COMPLETED deployment; following web until \d\d:\d\d:\d\d UTC/,
    );
    expect(log_).toMatch(/\[web\] bake: 2\/2 running, 0 stopped \(1m \d\ds of 2m 00s left\)/);
    expect(log_).toContain('(task abc) failed container health checks.');
    expect(log_).toMatch(
      /warning: \[web\] bake 2m 00s: 1\/2 running, 1 stopped \(1 failed\); FAILED after 4[\d.]+s: during bake: task abc/,
    );
  });

  it('a bake that passes leaves COMPLETED and logs "healthy"', async () => {
    const clock = new FakeClock(START);
    const { ecs } = scriptedEcs(clock, []);
    const lines: string[] = [];
    const log = {
      info: (m: string) => lines.push(m),
      warning: (m: string) => lines.push(m),
      group: <T>(_n: string, b: () => Promise<T>) => b(),
    };
    const outcome = {
      service: 'web',
      deploymentId: OURS,
      rolloutState: 'COMPLETED' as const,
      events: [],
      stoppedTasks: [],
    };
    await bakeServices(ecs, log, { cluster: 'apps', bakeTimeMs: 60_000 }, [outcome], { clock });
    expect(outcome).toMatchObject({
      rolloutState: 'COMPLETED',
      bake: { state: 'passed', watchedMs: 60_000 },
    });
    expect(lines.at(-1)).toBe('[web] bake 1m 00s: 2/2 running, 0 stopped, healthy');
  });
});
