// deploy-ecs benchmark: runs the bundled dist (as the runner does) against the emulator and
// measures, over several runs, how late success and failure are reported after ECS's deployment
// turns COMPLETED or FAILED, the API calls per minute of waiting, the rollback overhead beyond
// ECS's own rollback time, and the size of each dist. Markdown on stdout, progress on stderr.
//   npx tsx actions/deploy-ecs/bench/deploy.bench.ts
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction } from '@shipline/action-harness';
import { startEmulator, type EmulatorHandle } from '@shipline/ecs-emulator';
import { createAppService, ecsClient } from '@shipline/ecs-emulator/testing';
import { markdownTable } from '@shipline/toolkit';
import { distribution, watchTransitions, workspaceWith } from './measure.js';

const RUNS = 5;
const CLOCK_SCALE = 10; // a 30 s rollout takes 3 s: slow enough for polling to matter
const actionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

interface Sample {
  reportLagMs: number;
  waitMs: number;
  calls: number;
  rollbackOverheadMs?: number;
}

async function once(emulator: EmulatorHandle, name: string, image: string): Promise<Sample> {
  const ecs = ecsClient(emulator);
  await createAppService(ecs, {
    service: name,
    image: `shop/${name}:v1`,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
  });
  const watch = watchTransitions(emulator, name);
  await watch.until((d) => d.length === 1 && d[0]!.rolloutState === 'COMPLETED');
  let callsAtWaitStart = 0;
  let callsAtVerdict = 0;
  let verdictAt = 0;
  let waitStartedAt = 0;
  const run = await runAction({
    actionDir,
    inputs: { cluster: 'apps', service: name, 'task-definition': 'task-definition.json' },
    env: emulator.env,
    workspace: workspaceWith(name, image),
    onLine: (_stage, _stream, line) => {
      if (/(::|##\[)group(::|\])Waiting for/.test(line)) {
        waitStartedAt = performance.now();
        callsAtWaitStart = emulator.requestCount();
      }
      if (/^\[[^\]]+\] (COMPLETED|FAILED)\b/.test(line) && verdictAt === 0) {
        verdictAt = performance.now();
        callsAtVerdict = emulator.requestCount();
      }
    },
  });
  const endedAt = performance.now();
  watch.stop();
  const ours = watch.firstState(run.outputs['deployment-id']!, ['COMPLETED', 'FAILED']);
  if (!ours || verdictAt === 0 || waitStartedAt === 0)
    throw new Error(`no verdict seen for ${name}: ${run.log.slice(-2000)}`);
  const sample: Sample = {
    reportLagMs: verdictAt - ours.at,
    waitMs: verdictAt - waitStartedAt,
    calls: callsAtVerdict - callsAtWaitStart,
  };
  const rollback = JSON.parse(run.outputs.services!)[0].rollback;
  if (rollback?.deploymentId) {
    const started = watch.firstSeen(rollback.deploymentId);
    const completed = watch.firstState(rollback.deploymentId, ['COMPLETED']);
    if (started && completed) sample.rollbackOverheadMs = endedAt - verdictAt - (completed.at - started);
  }
  return sample;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    port: 0,
    clockScale: CLOCK_SCALE,
    tickMs: 10,
    scenarios: [{ image: '*:crash', behaviour: 'crash-on-start' }],
  });
  const success: Sample[] = [];
  const failure: Sample[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      log(`run ${i + 1}/${RUNS}`);
      success.push(await once(emulator, `ok${i}`, `shop/ok${i}:v2`));
      failure.push(await once(emulator, `bad${i}`, `shop/bad${i}:crash`));
    }
  } finally {
    await emulator.close();
  }
  const waitMinutes = [...success, ...failure].reduce((sum, s) => sum + s.waitMs, 0) / 60_000;
  const calls = [...success, ...failure].reduce((sum, s) => sum + s.calls, 0);
  const overheads = failure.map((s) => s.rollbackOverheadMs).filter((v) => v !== undefined);
  const size = (action: string) => fs.statSync(path.join(actionDir, '..', action, 'dist', 'index.js')).size;
  process.stdout.write(
    [
      `deploy-ecs bundled dist against the emulator (clock x${CLOCK_SCALE}), ${RUNS} healthy and ${RUNS} crashing rollouts (breaker without rollback).`,
      '',
      markdownTable(
        ['measure', 'goal', 'p50', 'max', 'all runs'],
        [
          ['success reported after COMPLETED', '≤ 2 s', ...distribution(success.map((s) => s.reportLagMs))],
          ['failure reported after FAILED', '≤ 2 s', ...distribution(failure.map((s) => s.reportLagMs))],
          ['rollback overhead beyond ECS’s own time', '≤ 5 s', ...distribution(overheads)],
        ],
      ),
      '',
      markdownTable(
        ['measure', 'value'],
        [
          [
            'API calls per minute of waiting (calls while waiting / minutes waited, all runs)',
            (calls / waitMinutes).toFixed(0),
          ],
          ['deploy-ecs dist/index.js (goal ≤ 1.5 MB)', `${(size('deploy-ecs') / 1e6).toFixed(2)} MB`],
          ['rollback dist/index.js (goal ≤ 1.5 MB)', `${(size('rollback') / 1e6).toFixed(2)} MB`],
        ],
      ),
      '',
    ].join('\n'),
  );
}

await main();
