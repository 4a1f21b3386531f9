// smoke-test benchmark: what the action's request path (send: fetch with a combined timeout and
// cancellation signal, redirects by hand, full body; then evaluate: status, JSON field, version)
// costs per request compared with a bare `fetch` + `text()` loop against the same local app
// server, plus the wall time of the bundled action for a default run. Markdown on stdout.
//   npx tsx actions/smoke-test/bench/smoke-test.bench.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction } from '@shipline/action-harness';
import { startAppServer } from '@shipline/local-services/app';
import { latencySummary, markdownTable } from '@shipline/toolkit';
import { parseChecks } from '../src/checks.js';
import { evaluate } from '../src/evaluate.js';
import { send } from '../src/http.js';
import { parseVersionSource } from '../src/version.js';

const ROUNDS = 10;
const PER_ROUND = 200;
const actionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

const app = await startAppServer({ tasks: ['v2'] });
const url = new URL(`${app.url}/health`);
const [check] = parseChecks('- path: /health\n  status: 200\n  json-equals: { status: ok }');
const rule = { source: parseVersionSource('header:x-app-version'), expected: 'v2' };
const signal = new AbortController().signal;

async function raw(): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.text();
  return performance.now() - started;
}

async function action(): Promise<number> {
  const started = performance.now();
  const answer = await send(
    { url, method: 'GET', headers: {}, followRedirects: true, timeoutMs: 5_000, insecureTls: false },
    signal,
  );
  const observation = evaluate(check!, answer, rule);
  if (observation.problem || observation.versionProblem)
    throw new Error(`unexpected: ${observation.problem}`);
  return performance.now() - started;
}

const times = { raw: [] as number[], action: [] as number[] };
for (let i = 0; i < 200; i++) await Promise.all([raw(), action()]); // warm up connections and JIT
for (let round = 0; round < ROUNDS; round++) {
  // alternate which goes first, so neither always meets a warmer server
  const order = round % 2 === 0 ? (['raw', 'action'] as const) : (['action', 'raw'] as const);
  for (const which of order) {
    for (let i = 0; i < PER_ROUND; i++) times[which].push(await (which === 'raw' ? raw() : action()));
  }
  log(`round ${round + 1}/${ROUNDS}`);
}

log('bundled action, default check, 200 samples, concurrency 4');
const runs: number[] = [];
const reported: number[] = [];
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  const run = await runAction({
    actionDir,
    inputs: { url: app.url, 'expect-version': 'v2', samples: '200', concurrency: '4' },
  });
  if (run.outputs.passed !== 'true') throw new Error(`the action failed: ${run.log.slice(-1500)}`);
  runs.push(performance.now() - started);
  reported.push(Number(run.outputs['p95-ms']));
}
await app.close();

const r = latencySummary(times.raw);
const a = latencySummary(times.action);
const f = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
process.stdout.write(
  [
    `smoke-test request path vs a bare fetch loop, GET /health on a local app server, ${ROUNDS} × ${PER_ROUND} sequential requests each, interleaved.`,
    '',
    markdownTable(
      ['per request', 'p50', 'p95', 'p99'],
      [
        ['bare `fetch` + `text()`', f(r.p50), f(r.p95), f(r.p99)],
        ['smoke-test `send` + `evaluate` (status, JSON field, version)', f(a.p50), f(a.p95), f(a.p99)],
        ['overhead', f(a.p50 - r.p50), f(a.p95 - r.p95), f(a.p99 - r.p99)],
        ['ratio', (a.p50 / r.p50).toFixed(2), (a.p95 / r.p95).toFixed(2), (a.p99 / r.p99).toFixed(2)],
      ],
    ),
    '',
    markdownTable(
      ['bundled action (runAction), 1 check, 200 samples, concurrency 4', 'median of 3', 'max'],
      [
        [
          'wall time, process start to exit',
          `${(latencySummary(runs).p50 / 1000).toFixed(2)} s`,
          `${(latencySummary(runs).max / 1000).toFixed(2)} s`,
        ],
        ['p95-ms output', `${latencySummary(reported).p50} ms`, `${latencySummary(reported).max} ms`],
      ],
    ),
    '',
  ].join('\n'),
);
