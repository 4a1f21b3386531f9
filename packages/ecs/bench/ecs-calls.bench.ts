// ECS calls of deploy() per minute of a five-minute rollout (rolling 1 and 10 services, 4 tasks at
// once, a crash the breaker stops, a bake after, ECS's blue/green and linear), how late the run sees
// each rollout's end after the emulator recorded it, and the stretch in which the breaker could trip
// at any moment (no cadence may look less than densely there): the first cadence (ad6c5e5), before
// (129d727) and after, loaded beside each other in one run, on stepped simulated time (no machine
// speed in any figure). Markdown on stdout, progress on stderr.
//   ./dev bench ecs-calls
import { markdownTable, percentile } from '@shipline/toolkit';
import * as today from '../src/index.js';
import { FIVE_MINUTE_TIMINGS, type DeployFunction } from '../test/support/simulated-rollout.js';
import { BAKE_MS, CASES, sample, windowFloor, type Sample } from './ecs-calls-cases.js';
import { ecsPackageAt } from './source-at.js';

const FIRST = 'ad6c5e5';
const BEFORE = '129d727';
const RUNS = 5;
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

const p50 = (values: number[]) => percentile(values, 50);
const max = (values: number[]) => percentile(values, 100);
const rate = (n: number) => n.toFixed(1);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const all = (samples: Sample[]) => samples.map((s) => s.perMinute.get('all')!);
const rateOf = (samples: Sample[]) => `${rate(p50(all(samples)))} (max ${rate(max(all(samples)))})`;

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

interface Results {
  first: Sample[];
  before: Sample[];
  after: Sample[];
}

function callRow(label: string, { first, before, after }: Results): string[] {
  const outside = after.flatMap((s) => (s.outsidePerMinute === undefined ? [] : [s.outsidePerMinute]));
  return [
    label,
    `${rate(p50(after.map((s) => s.minutes)))} min`,
    rateOf(first),
    rateOf(before),
    rateOf(after),
    `${(p50(all(before)) / p50(all(after))).toFixed(2)}x`,
    `${rate(p50(after.map((s) => s.windowMinutes * 60)))} s`,
    rate(p50(after.map(windowFloor))),
    outside.length > 0 ? rate(p50(outside)) : '—',
    perOperation(before),
    perOperation(after),
  ];
}

function lagRow(label: string, { before, after }: Results): string[] {
  const lb = before.flatMap((s) => s.lags);
  const la = after.flatMap((s) => s.lags);
  return [
    label,
    secs(p50(lb)),
    secs(max(lb)),
    secs(p50(la)),
    secs(max(la)),
    [...new Set(la.map(secs))].join(', '),
  ];
}

async function main(): Promise<void> {
  dropWorkflowCommands();
  log(`loading packages/ecs at ${FIRST} and ${BEFORE}`);
  const first = (await ecsPackageAt(FIRST)).deploy as DeployFunction;
  const before = (await ecsPackageAt(BEFORE)).deploy as DeployFunction;
  const results = new Map<string, Results>();
  for (const { label, run } of CASES) {
    const entry: Results = { first: [], before: [], after: [] };
    for (let i = 0; i < RUNS; i++) {
      log(`${label}: run ${i + 1}/${RUNS}`);
      entry.first.push(await sample(first, run, i));
      entry.before.push(await sample(before, run, i));
      entry.after.push(await sample(today.deploy, run, i));
    }
    results.set(label, entry);
  }
  const baked = results.get(CASES.find((c) => c.run.bakeMs && !c.run.strategy)!.label)!; // deploy-ecs's own bake
  const bakeRate = (samples: Sample[]) =>
    `${rate(p50(samples.map((s) => s.bakePerMinute!)))} (max ${rate(max(samples.map((s) => s.bakePerMinute!)))})`;
  process.stdout.write(
    [
      `deploy() (packages/ecs) against the emulator on stepped simulated time, ${RUNS} runs per case (timings shifted a few seconds per run); first = ${FIRST}, before = ${BEFORE}, after = this tree, same run. Services of 4 tasks replaced 2 at a time; ${JSON.stringify(FIVE_MINUTE_TIMINGS)} s; container health check every 30 s. Every ECS call of the step is counted (all attempts). Goal ≤ 20 calls/min.`,
      '',
      'Breaker window: the time in which the circuit breaker could have tripped at any moment (from the deployment’s start to its first healthy task, while its failed plus live tasks reached the threshold, 3 for 4 tasks; from the emulator’s task records). Seeing a trip there within 2 s needs a look every 1.8 s: the floor is the calls per minute of the rollout those looks make alone. Outside = every call made outside the window, per minute outside it (— when under half a minute).',
      '',
      markdownTable(
        [
          'case',
          'step length',
          `calls/min ${FIRST} p50`,
          `calls/min before (${BEFORE}) p50`,
          'calls/min after p50',
          'before/after',
          'breaker window',
          'window floor, calls/min',
          'after, outside the window, calls/min',
          'before, per operation (p50)',
          'after, per operation (p50)',
        ],
        [...results].map(([label, r]) => callRow(label, r)),
      ),
      '',
      `During the ${BAKE_MS / 60_000}-min bake of 10 services alone: ${FIRST} ${bakeRate(baked.first)}, before ${bakeRate(baked.before)}, after ${bakeRate(baked.after)} calls/min; goal ≤ 20.`,
      '',
      'How late each rollout’s end (COMPLETED, or FAILED by the breaker) is seen after the emulator recorded it (first DescribeServices at or after that moment), goal ≤ 2 s:',
      '',
      markdownTable(
        ['case', 'before p50', 'before max', 'after p50', 'after max', 'after, every value'],
        [...results].map(([label, r]) => lagRow(label, r)),
      ),
      '',
    ].join('\n'),
  );
}

await main();
