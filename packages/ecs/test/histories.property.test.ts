/**
 * deploy-ecs and rollback on deployment histories nobody wrote by hand (issue #14, section 5).
 *
 * fast-check generates histories over one to three services of one cluster (deploys that complete,
 * crash with and without the breaker's rollback, turn unhealthy after completing, with and without
 * bake-time, are superseded, stopped, time out, are cancelled, redeploy what runs; `rollback to:
 * previous`), plays them against the emulator through deploy() and rollBackService() on stepped
 * simulated time, and after every step checks each verdict against the emulator's own records, that
 * no success is reported for a deployment that is not the one running, and the services against the
 * test's model of what served (support/). A step count is printed once at the end.
 *
 * Each `./dev test` run plays FIXED_SEED and a few random seeds. To explore (fast-check prints the
 * seed and path of any counterexample; replay it with FC_SEED, and FC_PATH to skip to it):
 *   FC_RUNS=40 ./dev test -- packages/ecs/test/histories.property.test.ts     random runs
 *   FC_SEED=123 FC_RUNS=5 ./dev test -- ...                                   one seed, 5 runs
 *   FC_SHRINK=1 ...                                                          shrink a failure
 *   FC_STEPS=12 ...                                                          longer histories (default 6)
 */
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { test } from '@fast-check/jest';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsClient, startTestEmulator, SteppedTime } from '@shipline/ecs-emulator/testing';
import { describeHistory, historyArbitrary, SCENARIOS, type History } from './support/histories.js';
import { HistoryRun, type RunCounts } from './support/history-runner.js';

const FIXED_SEED = 1402;
/**
 * Time moves only when the code under test sleeps (its polls, backoffs): an HTTP call takes no
 * simulated time, so verdicts are the same on any machine. A clock scaled from real time (400x)
 * let a loaded machine's latency eat the code's few-second graces (e.g. a bake's last look).
 */
const time = new SteppedTime();
const env = process.env;
const RANDOM_RUNS = Number(env.FC_RUNS ?? 4);
const SHRINK = env.FC_SHRINK === '1';
/** bake-time 0 (the action's default) twice as often as a bake that outlasts SICK_AFTER_SECONDS. */
const histories = historyArbitrary({ maxSteps: Number(env.FC_STEPS ?? 6), bakeSeconds: [0, 0, 300] });

let emulator: EmulatorHandle;
let ecs: ECSClient;
const counts: RunCounts = { histories: 0, steps: 0, skipped: 0, byKind: {} };
beforeAll(async () => {
  emulator = await startTestEmulator({ scenarios: SCENARIOS, clock: time });
  ecs = ecsClient(emulator);
});
afterAll(async () => {
  console.log(
    `histories: ${counts.histories}, steps: ${counts.steps} (${JSON.stringify(counts.byKind)}), skipped: ${counts.skipped}`,
  );
  await emulator.close();
});

async function play(history: History): Promise<void> {
  const run = new HistoryRun(emulator, ecs, counts, time);
  try {
    await run.play(history);
  } catch (error) {
    (error as Error).message = `${describeHistory(history)}\n${(error as Error).message}`;
    throw error;
  }
}

/** Counterexamples found along the way, shrunk, kept as they were found. */
const REGRESSIONS: { name: string; history: History }[] = [
  {
    name: 'the issue: breaker rollback, a release that completes, rollback to previous',
    history: {
      breakerRollback: [true],
      steps: [
        { kind: 'deploy', services: [0], image: 'crash', rollbackOnFailure: true, bakeSeconds: 0 },
        { kind: 'deploy', services: [0], image: 'good', rollbackOnFailure: true, bakeSeconds: 0 },
        { kind: 'rollback', service: 0 },
      ],
    },
  },
  {
    // seed -479006044, shrunk: the target was the revision StopServiceDeployment had undone.
    name: 'a deploy stopped with ROLLBACK, then rollback to previous (nothing else served)',
    history: {
      breakerRollback: [false],
      steps: [
        { kind: 'stop', service: 0, rollbackOnFailure: false },
        { kind: 'rollback', service: 0 },
      ],
    },
  },
  {
    // Found by hand (stop/timeout were skipped on such a service): startRollback stopped the stuck
    // deployment with ROLLBACK although its sources were the FAILED revision and the one to return
    // to; ECS went back to the FAILED one, and the rollback ran out of time waiting for the other.
    name: 'a deploy that times out while a FAILED deployment is PRIMARY is rolled back to what served',
    history: {
      breakerRollback: [false],
      steps: [
        { kind: 'deploy', services: [0], image: 'crash', rollbackOnFailure: false, bakeSeconds: 0 },
        { kind: 'timeout', service: 0 },
      ],
    },
  },
  {
    // seed 2037702823: a test bug (the breaker's rollback deployment has no record of its own).
    name: 'a redeploy of what the breaker rolled back to follows the breaker rollback deployment',
    history: {
      breakerRollback: [false, true],
      desiredCounts: [2, 2],
      steps: [
        { kind: 'deploy', services: [0], image: 'good', rollbackOnFailure: false, bakeSeconds: 0 },
        { kind: 'deploy', services: [0, 1], image: 'crash', rollbackOnFailure: true, bakeSeconds: 300 },
        { kind: 'redeploy', service: 1 },
      ],
    },
  },
  {
    // seed 2044573473, by hand: a test bug (the model wanted COMPLETED for a flapping revision).
    name: 'a redeploy of a revision whose tasks have since failed health checks is FAILED, nothing undone',
    history: {
      breakerRollback: [true, false],
      steps: [
        { kind: 'deploy', services: [0], image: 'sick', rollbackOnFailure: false, bakeSeconds: 0 },
        { kind: 'deploy', services: [1], image: 'good', rollbackOnFailure: true, bakeSeconds: 300 },
        { kind: 'redeploy', service: 0 },
      ],
    },
  },
  {
    // seed 1402 path 1, shrunk, on the code before 8a28023: deploy-ecs recorded as "previous" the
    // stuck revision its own timeout had rolled back (a ROLLBACK_SUCCESSFUL deployment's target).
    name: 'a deploy after a timed-out one and a superseded one records what served as previous',
    history: {
      breakerRollback: [false],
      steps: [
        { kind: 'timeout', service: 0 },
        { kind: 'supersede', service: 0 },
        { kind: 'deploy', services: [0], image: 'good', rollbackOnFailure: false, bakeSeconds: 0 },
      ],
    },
  },
];

const budget = (runs: number) => 20_000 + runs * 15_000;

describe('deploy-ecs and rollback verdicts on generated histories', () => {
  const seed = env.FC_SEED === undefined ? FIXED_SEED : Number(env.FC_SEED);
  const fixedRuns = env.FC_SEED === undefined ? 4 : RANDOM_RUNS;
  test.prop([histories], { seed, path: env.FC_PATH, numRuns: fixedRuns, endOnFailure: !SHRINK })(
    `seed ${seed}`,
    play,
    budget(fixedRuns),
  );

  if (env.FC_SEED === undefined) {
    test.prop([histories], { numRuns: RANDOM_RUNS, endOnFailure: !SHRINK })(
      'random seeds',
      play,
      budget(RANDOM_RUNS),
    );
  }

  for (const { name, history } of REGRESSIONS) it(`regression: ${name}`, () => play(history), 30_000);
});
