// One deploy() of a five-minute rolling rollout to N services against the emulator on stepped
// simulated time, with every ECS call it makes counted (per operation, at its simulated moment) and
// the emulator's own record of when each rollout ended: for the call budget test and bench.
import {
  CreateClusterCommand,
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '@shipline/ecs-emulator';
import { ecsClient, SteppedTime } from '@shipline/ecs-emulator/testing';
import { LB } from '@shipline/ecs-emulator/testing-strategies';
import type { ActionLog } from '@shipline/toolkit';
import type { deploy as currentDeploy } from '../../src/index.js';
import { breakerStretches, coveredMs, type Stretch } from './breaker-window.js';

export type DeployFunction = typeof currentDeploy;

/**
 * A Fargate service of 4 tasks, replaced 2 at a time (100 % / 150 %): 20 s provisioning, 40 s
 * image pull and start, healthy at its first container health check (every 30 s), then each old
 * task drains 60 s and stops in 10 s. Two batches: about five minutes.
 */
export const FIVE_MINUTE_TIMINGS = {
  provisioning: 30,
  pending: 90,
  healthCheck: 30,
  deactivating: 60,
  stopping: 10,
};
const CLUSTER = 'bench';
const DESIRED = 4;

export interface RolloutCase {
  services: number;
  /** `crash`: every new task exits at start (breaker on, without rollback). */
  image: 'good' | 'crash';
  bakeMs?: number;
  /** Tasks per service (default 4). */
  desired?: number;
  /** The container health check's interval, s (default 30; 0: none). */
  healthCheckInterval?: number;
  /** deploymentConfiguration.maximumPercent (default 150: two of the four tasks at a time). */
  maximumPercent?: number;
  /** ECS's own strategy, set by this deploy (services behind a blue/green-ready load balancer). */
  strategy?: 'blue-green' | 'canary' | 'linear';
  /** Seconds added to each timing, so that runs differ in phase. */
  timings?: Partial<typeof FIVE_MINUTE_TIMINGS>;
}

export interface CallRecord {
  operation: string;
  at: number;
  services: string[];
}

export interface RolloutFigures {
  calls: CallRecord[];
  /** Simulated ms from the start of deploy() to its end. */
  durationMs: number;
  /**
   * Per service: ECS's end of the rollout (the emulator's record) to the first look that could show
   * it (DescribeServices, or for a native strategy DescribeServiceDeployments of its service deployment).
   */
  seenLagMs: number[];
  /** The last service's end to deploy()'s verdict. */
  verdictLagMs: number;
  /**
   * Stretches (ms from the start of deploy()) in which the breaker could have tripped at any moment
   * (breaker-window.ts), over every service, and their union's length.
   */
  breakerStretches: Stretch[];
  breakerWindowMs: number;
  /** Simulated ms from the start of deploy() to the start of its bake, when it bakes. */
  bakeStartMs?: number;
  states: string[];
}

/** Every attempt of every call of `ecs`, with the simulated moment it was sent. */
function countCalls(ecs: ECSClient, time: SteppedTime, calls: CallRecord[]): void {
  ecs.middlewareStack.add(
    (next, context) => (args) => {
      const input = args.input as { services?: string[]; service?: string; serviceDeploymentArns?: string[] };
      // A service deployment's ARN ends cluster/service/id.
      const read = (input.serviceDeploymentArns ?? []).map((arn) => arn.split('/').at(-2)!);
      calls.push({
        operation: context.commandName?.replace(/Command$/, '') ?? '?',
        at: time.now(),
        services: input.services ?? (input.service ? [input.service] : read),
      });
      return next(args);
    },
    { step: 'deserialize', name: 'benchCallCount' },
  );
}

const silent: ActionLog = { info: () => undefined, warning: () => undefined, group: (_n, body) => body() };

function definition(image: string, interval = 30) {
  const healthCheck = { command: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1'], interval };
  return {
    family: 'app',
    containerDefinitions: [
      {
        name: 'app',
        image,
        essential: true,
        portMappings: [{ containerPort: 8080 }],
        ...(interval > 0 ? { healthCheck } : {}),
      },
    ],
  };
}

export async function simulatedRollout(deploy: DeployFunction, run: RolloutCase): Promise<RolloutFigures> {
  const time = new SteppedTime();
  const options: EmulatorOptions = {
    port: 0,
    clock: time,
    tickMs: 10,
    timings: { ...FIVE_MINUTE_TIMINGS, ...run.timings },
    scenarios: [{ image: '*:crash', behaviour: 'crash-on-start', exitCode: 1 }],
  };
  const emulator = await startEmulator(options);
  try {
    const setup = ecsClient(emulator);
    const names = Array.from({ length: run.services }, (_, i) => `svc${i}`);
    await setup.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    const first = await setup.send(
      new RegisterTaskDefinitionCommand(definition('bench/app:v1', run.healthCheckInterval)),
    );
    for (const serviceName of names) {
      await setup.send(
        new CreateServiceCommand({
          cluster: CLUSTER,
          serviceName,
          taskDefinition: first.taskDefinition!.taskDefinitionArn,
          desiredCount: run.desired ?? DESIRED,
          ...(run.strategy ? { loadBalancers: [LB] } : {}),
          deploymentConfiguration: {
            deploymentCircuitBreaker: { enable: true, rollback: false },
            minimumHealthyPercent: 100,
            maximumPercent: run.maximumPercent ?? 150,
          },
        }),
      );
    }
    await time.until('every service steady', () =>
      names.every((n) => steady(emulator.serviceTruth(CLUSTER, n))),
    );
    const calls: CallRecord[] = [];
    const ecs = ecsClient(emulator);
    countCalls(ecs, time, calls);
    const startedAt = time.now();
    let verdictAt = 0;
    let bakeAt = 0;
    const log: ActionLog = {
      ...silent,
      info: (line) => {
        if (verdictAt === 0 && /^\[[^\]]+\] (COMPLETED|FAILED)\b/.test(line)) verdictAt = time.now();
        if (bakeAt === 0 && line.startsWith('bake ')) bakeAt = time.now();
      },
    };
    const image = run.image === 'crash' ? 'bench/app:crash' : 'bench/app:v2';
    const result = await deploy(
      {
        ...deployOptions(names, image, run.healthCheckInterval),
        ...(run.bakeMs ? { bakeTimeMs: run.bakeMs, bakeTimeGiven: true } : {}),
        ...(run.strategy ? { strategy: STRATEGIES[run.strategy] } : {}),
      },
      { ecs, log, clock: time.actor() },
    );
    const endedAt = time.now();
    const ends = result.services.map((outcome) => {
      const record = emulator
        .serviceTruth(CLUSTER, outcome.service)
        ?.records.find((r) => r.deploymentId === outcome.deploymentId);
      if (record?.finishedAt === undefined) throw new Error(`${outcome.service}: no end recorded`);
      // Seen by the first look at the service, or (a native strategy's end) read of its service deployment.
      const seen = calls.find(
        (c) =>
          (c.operation === 'DescribeServices' ||
            (run.strategy && c.operation === 'DescribeServiceDeployments')) &&
          c.services.includes(outcome.service) &&
          c.at >= record.finishedAt!,
      );
      return { end: record.finishedAt, lag: (seen?.at ?? endedAt) - record.finishedAt };
    });
    const lastEnd = Math.max(...ends.map((e) => e.end));
    const timings = { ...FIVE_MINUTE_TIMINGS, ...run.timings };
    const stretches: Stretch[] = [];
    for (const [i, outcome] of result.services.entries()) {
      const found = await breakerStretches(setup, CLUSTER, outcome.deploymentId ?? '', {
        desired: run.desired ?? DESIRED,
        healthyAfterMs: timings.healthCheck * 1000,
        from: startedAt,
        until: ends[i]!.end,
      });
      stretches.push(...found.map(([a, b]): Stretch => [a - startedAt, b - startedAt]));
    }
    return {
      calls,
      durationMs: endedAt - startedAt,
      seenLagMs: ends.map((e) => e.lag),
      verdictLagMs: (verdictAt || endedAt) - lastEnd,
      breakerStretches: stretches,
      breakerWindowMs: coveredMs(stretches),
      ...(bakeAt ? { bakeStartMs: bakeAt - startedAt } : {}),
      states: result.services.map((s) => s.rolloutState),
    };
  } finally {
    await emulator.close();
  }
}

const STRATEGIES = {
  'blue-green': { strategy: 'blue-green' as const },
  canary: { strategy: 'canary' as const, canaryPercent: 10, canaryBakeMinutes: 1 },
  linear: { strategy: 'linear' as const, linearStepPercent: 25, linearStepBakeMinutes: 1 },
};

function deployOptions(services: string[], image: string, interval?: number) {
  return {
    cluster: CLUSTER,
    services,
    source: { kind: 'file' as const, definition: definition(image, interval) },
    forceNewDeployment: false,
    wait: true,
    timeoutMs: 30 * 60_000,
    rollbackOnFailure: false,
    skipRegisterIfUnchanged: false,
    keepRevisions: 0,
  };
}

function steady(truth: ReturnType<EmulatorHandle['serviceTruth']>): boolean {
  const only = truth?.deployments.length === 1 ? truth.deployments[0] : undefined;
  return only?.rolloutState === 'COMPLETED' && only.servingCount === only.desiredCount;
}

/** Calls per minute of `durationMs`, per operation and in all. */
export function callsPerMinute(calls: CallRecord[], durationMs: number): Map<string, number> {
  const minutes = durationMs / 60_000;
  const counts = new Map<string, number>([['all', calls.length]]);
  for (const call of calls) counts.set(call.operation, (counts.get(call.operation) ?? 0) + 1);
  return new Map([...counts].map(([op, n]) => [op, n / minutes]));
}
