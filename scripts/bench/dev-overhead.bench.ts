// What `./dev` costs on top of the pnpm it hands over to, when nothing changed since the last setup
// (issue #22: goal ≤ 0.5 s): `./dev --version` against the same pnpm run directly, interleaved so
// that whatever else the machine does weighs on both alike; the difference is ./dev's own work.
// Before the install stamps, every call ran `pnpm install --frozen-lockfile` first: measured too.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { percentile } from '@shipline/toolkit';
import { repoRoot } from '../lib/actions.js';

const RUNS = 15;
const pnpm = path.join(repoRoot, '.tools/node_modules/pnpm/bin/pnpm.cjs');

// ./dev's stamp check is what is measured: never skip it.
const env = { ...process.env, SHIPLINE_SKIP_INSTALL: '' };

function timed(command: string, args: string[]): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return performance.now() - started;
}

// The first call may install (a fresh clone); only warm calls count.
timed(path.join(repoRoot, 'dev'), ['--version']);
const dev: number[] = [];
const direct: number[] = [];
const before: number[] = [];
for (let i = 0; i < RUNS; i++) {
  dev.push(timed(path.join(repoRoot, 'dev'), ['--version']));
  direct.push(timed(process.execPath, [pnpm, '--version']));
  if (i < 5) {
    before.push(
      timed(process.execPath, [pnpm, 'install', '--frozen-lockfile', '--reporter=silent']) +
        timed(process.execPath, [pnpm, '--version']),
    );
  }
}
const overhead = dev.map((d, i) => d - direct[i]!);
const ms = (v: number) => `${Math.round(v)} ms`;
console.log(
  [
    `${RUNS} interleaved pairs, stamps matching (no install, no tool check).`,
    '',
    '| | p50 | max |',
    '| --- | --- | --- |',
    `| \`./dev --version\` | ${ms(percentile(dev, 50))} | ${ms(Math.max(...dev))} |`,
    `| \`pnpm --version\` (same Node and pnpm) | ${ms(percentile(direct, 50))} | ${ms(Math.max(...direct))} |`,
    `| ./dev's own overhead (pairwise difference) | ${ms(percentile(overhead, 50))} | ${ms(Math.max(...overhead))} |`,
    `| before the stamps: \`pnpm install --frozen-lockfile\` + \`pnpm --version\` (${before.length} runs) | ${ms(percentile(before, 50))} | ${ms(Math.max(...before))} |`,
    '',
    `A warm \`./dev\` call now takes ${(percentile(dev, 50) / percentile(before, 50)).toFixed(2)} of the time it took before (p50 ratio).`,
    '',
    `Goal ≤ 500 ms: ${percentile(overhead, 50) <= 500 ? 'met' : 'not met'} at p50.`,
  ].join('\n'),
);
