// deploy-ecs on ECS's native strategies, against the emulator (clock x10): the switch-back on
// blue/green during ECS's bake (the rollback step's start → production traffic all on blue, split
// into the action's part and ECS's), and how late deploy-ecs reports a rollout ECS called
// SUCCESSFUL, for rolling, blue-green, canary and linear side by side. Markdown on stdout.
//   npx tsx actions/deploy-ecs/bench/strategies.bench.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { runAction } from '@shipline/action-harness';
import { startEmulator, type EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsClient, registerApp } from '@shipline/ecs-emulator/testing';
import { markdownTable } from '@shipline/toolkit';
import { distribution, workspaceWith } from './measure.js';
import { allServedBy, balancedService, watchServiceDeployments } from './strategy-watch.js';

const RUNS = 3;
const CLOCK_SCALE = 10; // a 1-minute canary bake takes 6 s
const deployDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rollbackDir = path.join(deployDir, '..', 'rollback');
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

interface SwitchBack {
  toBlueMs: number;
  actionMs: number;
  ecsMs: number;
  stepMs: number;
}

/** Blue/green deploying v2, in its bake; the rollback step is timed until production is all on v1. */
async function switchBack(emulator: EmulatorHandle, name: string): Promise<SwitchBack> {
  const ecs = ecsClient(emulator);
  await balancedService(ecs, name, { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 });
  const v2 = await registerApp(ecs, name, `shop/${name}:v2`);
  const watch = watchServiceDeployments(emulator, name);
  await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: name, taskDefinition: v2 }));
  await watch.until((records) =>
    records.some((r) => r.lifecycleStage === 'BAKE_TIME' && r.status === 'IN_PROGRESS'),
  );
  const arn = watch.latest().find((r) => r.lifecycleStage === 'BAKE_TIME')!.serviceDeploymentArn;
  if (!(await allServedBy(emulator, name, 'v2')))
    throw new Error(`${name}: production not on green in the bake`);
  const startedAt = performance.now();
  let allBlueAt = 0;
  const sampling = (async () => {
    while (allBlueAt === 0 && performance.now() - startedAt < 60_000) {
      if (await allServedBy(emulator, name, 'v1')) allBlueAt = performance.now();
    }
  })();
  const run = await runAction({
    actionDir: rollbackDir,
    inputs: { cluster: 'apps', service: name, timeout: '5m' },
    env: emulator.env,
  });
  const endedAt = performance.now();
  await sampling;
  watch.stop();
  const stoppedAt = watch.firstAt(arn, 'ROLLBACK_REQUESTED') ?? watch.firstAt(arn, 'ROLLBACK_IN_PROGRESS');
  if (run.exitCode !== 0 || !allBlueAt || !stoppedAt)
    throw new Error(`${name}: no switch-back: ${run.log.slice(-1500)}`);
  return {
    toBlueMs: allBlueAt - startedAt,
    actionMs: stoppedAt - startedAt,
    ecsMs: Math.max(0, allBlueAt - stoppedAt),
    stepMs: endedAt - startedAt,
  };
}

/** One deploy-ecs rollout: how long after ECS's SUCCESSFUL the step said COMPLETED, and the rollout's length. */
async function rollout(
  emulator: EmulatorHandle,
  name: string,
  inputs: Record<string, string>,
): Promise<{ lagMs: number; rolloutMs: number }> {
  const ecs = ecsClient(emulator);
  await balancedService(ecs, name, {});
  const watch = watchServiceDeployments(emulator, name);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const before = new Set(watch.latest().map((r) => r.serviceDeploymentArn));
  let verdictAt = 0;
  const run = await runAction({
    actionDir: deployDir,
    inputs: {
      cluster: 'apps',
      service: name,
      'task-definition': 'task-definition.json',
      timeout: '30m',
      ...inputs,
    },
    env: emulator.env,
    workspace: workspaceWith(name, `shop/${name}:v2`),
    onLine: (_stage, _stream, line) => {
      if (verdictAt === 0 && line.startsWith(`[${name}] COMPLETED`)) verdictAt = performance.now();
    },
  });
  watch.stop();
  const ours = watch.latest().find((r) => !before.has(r.serviceDeploymentArn));
  const createdAt = ours && watch.firstAt(ours.serviceDeploymentArn, 'PENDING');
  const successAt = ours && watch.firstAt(ours.serviceDeploymentArn, 'SUCCESSFUL');
  if (run.exitCode !== 0 || !successAt || !verdictAt) throw new Error(`${name}: ${run.log.slice(-1500)}`);
  const start = createdAt ?? watch.firstAt(ours.serviceDeploymentArn, 'IN_PROGRESS') ?? successAt;
  return { lagMs: verdictAt - successAt, rolloutMs: successAt - start };
}

const STRATEGIES: [string, Record<string, string>][] = [
  ['rolling', { strategy: 'rolling' }],
  ['blue-green (bake 1m)', { strategy: 'blue-green', 'bake-time': '1m' }],
  [
    'canary 10 % (canary bake 1m)',
    { strategy: 'canary', 'canary-percent': '10', 'canary-bake': '1m', 'bake-time': '0' },
  ],
  [
    'linear 25 % (step bake 1m)',
    { strategy: 'linear', 'linear-step-percent': '25', 'linear-step-bake': '1m', 'bake-time': '0' },
  ],
];

async function main(): Promise<void> {
  const emulator = await startEmulator({ port: 0, clockScale: CLOCK_SCALE, tickMs: 10 });
  const switches: SwitchBack[] = [];
  const rollouts = new Map<string, { lagMs: number; rolloutMs: number }[]>();
  try {
    for (let i = 0; i < RUNS; i++) {
      log(`switch-back ${i + 1}/${RUNS}`);
      switches.push(await switchBack(emulator, `back${i}`));
      for (const [label, inputs] of STRATEGIES) {
        log(`${label} ${i + 1}/${RUNS}`);
        const samples = rollouts.get(label) ?? [];
        samples.push(await rollout(emulator, `${label.split(' ')[0]}${i}`, inputs));
        rollouts.set(label, samples);
      }
    }
  } finally {
    await emulator.close();
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  process.stdout.write(
    [
      `deploy-ecs and rollback (bundled dist) on ECS's native strategies against the emulator (clock x${CLOCK_SCALE}), ${RUNS} runs each.`,
      '',
      'Switch-back on blue/green during ECS’s bake: the rollback step (StopServiceDeployment ROLLBACK) from its start.',
      '',
      markdownTable(
        ['measure', 'goal', 'p50', 'max', 'all runs'],
        [
          ['step start → production all on blue', '≤ 12 s', ...distribution(switches.map((s) => s.toBlueMs))],
          [
            '  the action’s part: start → StopServiceDeployment accepted',
            '≤ 2 s',
            ...distribution(switches.map((s) => s.actionMs)),
          ],
          [
            '  ECS’s part: accepted → all on blue (emulator)',
            '≤ 10 s',
            ...distribution(switches.map((s) => s.ecsMs)),
          ],
          [
            'step start → verdict (ROLLBACK_SUCCESSFUL followed)',
            '',
            ...distribution(switches.map((s) => s.stepMs)),
          ],
        ],
      ),
      '',
      'Rollouts: how late deploy-ecs reports COMPLETED after ECS’s service deployment turned SUCCESSFUL.',
      '',
      markdownTable(
        ['strategy', 'report lag p50', 'lag max', 'rollout (wall, p50)'],
        [...rollouts.entries()].map(([label, samples]) => {
          const [p50, max] = distribution(samples.map((s) => s.lagMs));
          const lengths = samples.map((s) => s.rolloutMs).sort((a, b) => a - b);
          return [label, p50!, max!, seconds(lengths[Math.floor((lengths.length - 1) / 2)]!)];
        }),
      ),
      '',
    ].join('\n'),
  );
}

await main();
