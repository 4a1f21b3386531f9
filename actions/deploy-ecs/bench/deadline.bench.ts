// Deadline benchmark: how far past its `timeout` a step runs when ECS accepts calls and never
// answers (silent) or answers DescribeServices only after 60 s (slow). Runs the bundled dists of
// deploy-ecs and rollback, as the runner does, with `timeout: 10s`; the overshoot is the main
// step's whole wall time (Node start to exit) minus the timeout. Goal: ≤ 10 s. Markdown on
// stdout, progress on stderr.
//   npx tsx actions/deploy-ecs/bench/deadline.bench.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { createAppService, ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { markdownTable } from '@shipline/toolkit';
import { distribution, workspaceWith } from './measure.js';

const RUNS = 3;
const TIMEOUT_MS = 10_000;
const actionsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

const ENDPOINTS = {
  silent: [{ operation: '*', type: 'silent' as const }],
  slow: [{ operation: 'DescribeServices', type: 'latency' as const, latencyMs: 60_000 }],
};

async function overshootMs(
  emulator: EmulatorHandle,
  action: 'deploy-ecs' | 'rollback',
  endpoint: keyof typeof ENDPOINTS,
  name: string,
): Promise<number> {
  emulator.setFaults([]);
  await createAppService(ecsClient(emulator), { service: name, image: `shop/${name}:v1` });
  emulator.setFaults(ENDPOINTS[endpoint]);
  const run = await runAction({
    actionDir: path.join(actionsDir, action),
    inputs: {
      cluster: 'apps',
      service: name,
      timeout: '10s',
      ...(action === 'deploy-ecs' ? { 'task-definition': 'task-definition.json' } : {}),
    },
    env: emulator.env,
    ...(action === 'deploy-ecs' ? { workspace: workspaceWith(name, `shop/${name}:v2`) } : {}),
  });
  if (run.exitCode === 0) throw new Error(`${action} succeeded against a ${endpoint} endpoint`);
  if (!/got no answer before the step's deadline/.test(run.errors.join('\n')))
    throw new Error(`${action} did not name the call it waited on: ${run.errors.join('\n')}`);
  return run.stages.find((s) => s.stage === 'main')!.durationMs - TIMEOUT_MS;
}

async function main(): Promise<void> {
  const emulator = await startTestEmulator();
  const rows: string[][] = [];
  try {
    for (const action of ['deploy-ecs', 'rollback'] as const) {
      for (const endpoint of ['silent', 'slow'] as const) {
        const samples: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          log(`${action} against a ${endpoint} endpoint, run ${i + 1}/${RUNS}`);
          samples.push(await overshootMs(emulator, action, endpoint, `${action}-${endpoint}-${i}`));
        }
        rows.push([`${action}, ${endpoint} endpoint`, '≤ 10 s', ...distribution(samples)]);
      }
    }
  } finally {
    await emulator.close();
  }
  process.stdout.write(
    [
      `Deadline overshoot: seconds a step runs past \`timeout: 10s\` (whole main step, Node start to exit), ${RUNS} runs each. Silent = every call accepted and never answered; slow = DescribeServices answered after 60 s.`,
      '',
      markdownTable(['step against', 'goal', 'p50', 'max', 'all runs'], rows),
      '',
    ].join('\n'),
  );
}

await main();
