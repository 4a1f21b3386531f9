// pnpm bench [filter]: runs every benchmark (packages/*/bench/*.ts, actions/*/bench/*.ts, scripts/bench/*.ts) one after
// another on Node 24 and gathers what each prints on stdout (markdown) into one report with the
// machine, Node version and date: bench-results/report.md. Progress goes to stderr.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './lib/actions.js';

const filter = process.argv[2];
const benches = ['packages', 'actions']
  .flatMap((top) => {
    const dir = path.join(repoRoot, top);
    return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name, 'bench')) : [];
  })
  .concat(path.join(repoRoot, 'scripts', 'bench'))
  .filter((dir) => fs.existsSync(dir))
  .flatMap((dir) => fs.readdirSync(dir).map((file) => path.join(dir, file)))
  .filter((file) => /\.bench\.ts$/.test(file) && (!filter || file.includes(filter)))
  .sort();

const sections: string[] = [];
let failed = 0;
for (const file of benches) {
  const rel = path.relative(repoRoot, file);
  process.stderr.write(`bench: ${rel}\n`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 20 * 60_000, // ci-run.bench.ts runs CI once or twice
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) failed++;
  const body =
    run.status === 0 ? run.stdout.trim() : `**failed** (exit ${run.status ?? run.signal})\n\n${run.stdout}`;
  sections.push(`## ${rel}\n\n${body}\n\n_(${seconds}s)_`);
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = [
  '# Shipline benchmarks',
  '',
  `- date: ${new Date().toISOString()}`,
  `- machine: ${os.availableParallelism()} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
  `- node: ${process.version}`,
].join('\n');
const report = `${header}\n\n${sections.join('\n\n') || '_no benchmarks found_'}\n`;
fs.mkdirSync(path.join(repoRoot, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(repoRoot, 'bench-results', 'report.md'), report);
process.stdout.write(report);
if (failed > 0) process.exit(1);
