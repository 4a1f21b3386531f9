// The rollouts `./dev bench ecs-calls` measures, and what it takes from each run: calls per minute
// (per operation), how late each end is seen, and the stretch in which the circuit breaker could
// have tripped at any moment (test/support/breaker-window.ts), where looks must be dense.
import { DENSE_LOOK_MS } from '../src/watch/poll-cadence.js';
import {
  callsPerMinute,
  FIVE_MINUTE_TIMINGS,
  simulatedRollout,
  type DeployFunction,
  type RolloutCase,
} from '../test/support/simulated-rollout.js';

export const BAKE_MS = 3 * 60_000;

export const CASES: { label: string; run: RolloutCase }[] = [
  { label: '1 service, 5-min rollout', run: { services: 1, image: 'good' } },
  { label: '10 services, 5-min rollout', run: { services: 10, image: 'good' } },
  {
    label: '1 service, all 4 tasks at once (200 %)',
    run: { services: 1, image: 'good', maximumPercent: 200, timings: { pending: 150 } },
  },
  { label: '1 service, crashing release (breaker)', run: { services: 1, image: 'crash' } },
  { label: '10 services, rollout + 3-min bake', run: { services: 10, image: 'good', bakeMs: BAKE_MS } },
  {
    label: 'blue/green (ECS bake 2 min), 1 service',
    run: { services: 1, image: 'good', strategy: 'blue-green', bakeMs: 2 * 60_000 },
  },
  {
    label: 'blue/green (ECS bake 2 min), 10 services',
    run: { services: 10, image: 'good', strategy: 'blue-green', bakeMs: 2 * 60_000 },
  },
  {
    label: 'linear 25 % (step bake 1 min), 1 service',
    run: { services: 1, image: 'good', strategy: 'linear' },
  },
];

export interface Sample {
  perMinute: Map<string, number>;
  /** During the bake only (calls after the last rollout ended / its minutes). */
  bakePerMinute?: number;
  lags: number[];
  minutes: number;
  /** Minutes in which the breaker could have tripped at any moment. */
  windowMinutes: number;
  /** Every call outside that window, per minute outside it (undefined when under half a minute). */
  outsidePerMinute?: number;
}

/** Run i's timings: each step a few seconds longer, so that runs meet the looks at other phases. */
const jitter = (i: number) => ({
  pending: FIVE_MINUTE_TIMINGS.pending + ((i * 7) % 11),
  deactivating: 60 + ((i * 5) % 13),
});

export async function sample(deploy: DeployFunction, run: RolloutCase, i: number): Promise<Sample> {
  const figures = await simulatedRollout(deploy, {
    ...run,
    timings: { ...jitter(i), ...(run.timings ? { pending: run.timings.pending! + (i % 3) } : {}) },
  });
  const startedAt = figures.calls[0]?.at ?? 0;
  const bakeFrom = figures.bakeStartMs ?? figures.durationMs;
  const bakeCalls = figures.calls.filter((c) => c.at - startedAt >= bakeFrom).length;
  const inWindow = (at: number) =>
    figures.breakerStretches.some(([a, b]) => at - startedAt >= a && at - startedAt < b);
  const outsideMinutes = (figures.durationMs - figures.breakerWindowMs) / 60_000;
  const outsideCalls = figures.calls.filter((c) => !inWindow(c.at)).length;
  return {
    perMinute: callsPerMinute(figures.calls, figures.durationMs),
    ...(run.bakeMs && !run.strategy
      ? { bakePerMinute: bakeCalls / ((figures.durationMs - bakeFrom) / 60_000) }
      : {}),
    lags: figures.seenLagMs,
    minutes: figures.durationMs / 60_000,
    windowMinutes: figures.breakerWindowMs / 60_000,
    ...(outsideMinutes >= 0.5 ? { outsidePerMinute: outsideCalls / outsideMinutes } : {}),
  };
}

/** Calls per minute of the rollout that one look per DENSE_LOOK_MS through the window makes alone. */
export const windowFloor = (s: Sample) => (s.windowMinutes * 60_000) / DENSE_LOOK_MS / s.minutes;
