// ECS calls of deploy() per minute of a five-minute rolling rollout (1 and 10 services, a crash the
// breaker stops, a bake after), and how late the run sees each rollout's end after the emulator
// recorded it: before (ad6c5e5, loaded beside today's code) and after, same run, on stepped
// simulated time (no machine speed in any figure). Markdown on stdout, progress on stderr.
//   ./dev bench ecs-calls
import { markdownTable, percentile } from '@shipline/toolkit';
import * as today from '../src/index.js';
import {
  callsPerMinute,
  FIVE_MINUTE_TIMINGS,
  simulatedRollout,
  type DeployFunction,
  type RolloutCase,
  type RolloutFigures,
} from '../test/support/simulated-rollout.js';
import { ecsPackageAt } from './source-at.js';

const BEFORE = 'ad6c5e5';
const RUNS = 5;
const BAKE_MS = 3 * 60_000;
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** Run i's timings: each step a few seconds longer, so that runs meet the looks at other phases. */
const jitter = (i: number) => ({
  pending: FIVE_MINUTE_TIMINGS.pending + ((i * 7) % 11),
  deactivating: 60 + ((i * 5) % 13),
});

const CASES: { label: string; run: RolloutCase }[] = [
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

interface Sample {
  perMinute: Map<string, number>;
  /** During the bake only (calls after the last rollout ended / its minutes). */
  bakePerMinute?: number;
  lags: number[];
  minutes: number;
}

async function sample(deploy: DeployFunction, run: RolloutCase, i: number): Promise<Sample> {
  const figures: RolloutFigures = await simulatedRollout(deploy, {
    ...run,
    timings: { ...jitter(i), ...(run.timings ? { pending: run.timings.pending! + (i % 3) } : {}) },
  });
  const startedAt = figures.calls[0]?.at ?? 0;
  const bakeFrom = figures.bakeStartMs ?? figures.durationMs;
  const bakeCalls = figures.calls.filter((c) => c.at - startedAt >= bakeFrom).length;
  return {
    perMinute: callsPerMinute(figures.calls, figures.durationMs),
    ...(run.bakeMs && !run.strategy
      ? { bakePerMinute: bakeCalls / ((figures.durationMs - bakeFrom) / 60_000) }
      : {}),
    lags: figures.seenLagMs,
    minutes: figures.durationMs / 60_000,
  };
}

const p50 = (values: number[]) => percentile(values, 50);
const max = (values: number[]) => percentile(values, 100);
const rate = (n: number) => n.toFixed(1);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function perOperation(samples: Sample[]): string {
  const ops = [...new Set(samples.flatMap((s) => [...s.perMinute.keys()]))].filter((op) => op !== 'all');
  return ops.map((op) => `${op} ${rate(p50(samples.map((s) => s.perMinute.get(op) ?? 0)))}`).join(', ');
}

/** The code under test masks the emulator's dummy key (::add-mask::) on stdout, where the report goes. */
function dropWorkflowCommands(): void {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    String(chunk).startsWith('::') ? true : write(chunk, ...rest)) as typeof process.stdout.write;
}

async function main(): Promise<void> {
  dropWorkflowCommands();
  log(`loading packages/ecs at ${BEFORE}`);
  const before = (await ecsPackageAt(BEFORE)).deploy as DeployFunction;
  const results = new Map<string, { before: Sample[]; after: Sample[] }>();
  for (const { label, run } of CASES) {
    const entry = { before: [] as Sample[], after: [] as Sample[] };
    for (let i = 0; i < RUNS; i++) {
      log(`${label}: run ${i + 1}/${RUNS}`);
      entry.before.push(await sample(before, run, i));
      entry.after.push(await sample(today.deploy, run, i));
    }
    results.set(label, entry);
  }
  const all = (samples: Sample[]) => samples.map((s) => s.perMinute.get('all')!);
  const callRows = [...results].map(([label, { before: b, after: a }]) => [
    label,
    `${rate(p50(b.map((s) => s.minutes)))} min`,
    `${rate(p50(all(b)))} (max ${rate(max(all(b)))})`,
    `${rate(p50(all(a)))} (max ${rate(max(all(a)))})`,
    `${(p50(all(b)) / p50(all(a))).toFixed(1)}x`,
    perOperation(b),
    perOperation(a),
  ]);
  const baked = results.get(CASES.find((c) => c.run.bakeMs && !c.run.strategy)!.label)!; // the rolling bake (deploy-ecs's own)
  const bakeRates = (samples: Sample[]) => samples.map((s) => s.bakePerMinute!);
  const lagRows = [...results].map(([label, { before: b, after: a }]) => {
    const lb = b.flatMap((s) => s.lags);
    const la = a.flatMap((s) => s.lags);
    return [
      label,
      secs(p50(lb)),
      secs(max(lb)),
      secs(p50(la)),
      secs(max(la)),
      [...new Set(la.map(secs))].join(', '),
    ];
  });
  process.stdout.write(
    [
      `deploy() (packages/ecs) against the emulator on stepped simulated time, ${RUNS} runs per case (timings shifted a few seconds per run), before = ${BEFORE}, after = this tree, same run. Services of 4 tasks replaced 2 at a time; ${JSON.stringify(FIVE_MINUTE_TIMINGS)} s; container health check every 30 s. Every ECS call of the step is counted (all attempts).`,
      '',
      markdownTable(
        [
          'case',
          'step length',
          'calls/min before p50',
          'calls/min after p50',
          'ratio',
          'before, per operation (p50)',
          'after, per operation (p50)',
        ],
        callRows,
      ),
      '',
      `During the ${BAKE_MS / 60_000}-min bake of 10 services alone: before ${rate(p50(bakeRates(baked.before)))} calls/min (max ${rate(max(bakeRates(baked.before)))}), after ${rate(p50(bakeRates(baked.after)))} (max ${rate(max(bakeRates(baked.after)))}); goal ≤ 20.`,
      '',
      'How late each rollout’s end (COMPLETED, or FAILED by the breaker) is seen after the emulator recorded it (first DescribeServices at or after that moment), goal ≤ 2 s:',
      '',
      markdownTable(
        ['case', 'before p50', 'before max', 'after p50', 'after max', 'after, every value'],
        lagRows,
      ),
      '',
    ].join('\n'),
  );
}

await main();
