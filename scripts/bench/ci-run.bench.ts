// CI's own length (issue #22 item 3: goal ≤ 240 s on an idle 2-core machine): `bash .ci/run` on a
// fresh clone of this checkout's HEAD, in another folder, with only the machine's own tools on PATH,
// as CI runs it. Reports the phase table .ci/run prints, the tally, the tests' CPU seconds and how
// busy the machine's CPUs were. SHIPLINE_BENCH_CI_BASE=<commit> also runs that commit first, in the
// same way, for a before/after in one run.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../lib/actions.js';

interface CiRun {
  label: string;
  seconds: number;
  status: number | null;
  phases: { name: string; start: string; duration: string; result: string }[];
  tally: string;
  failedFiles: string[];
  testCpu: string;
  busyShare: number;
  /** CPU-seconds all CPUs spent busy during the run (its wall time follows them on a busy run). */
  busySeconds: number;
  /** Share of CPU time the hypervisor took for others while this VM wanted it. */
  stealShare: number;
}

/** USER_HZ: /proc/stat counts in hundredths of a second on Linux. */
const JIFFIES_PER_SECOND = 100;

/** Busy (steal apart), stolen and total jiffies of all CPUs so far, from /proc/stat. */
function cpuJiffies(): { busy: number; steal: number; total: number } {
  const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const values = fields.slice(0, 8).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  const steal = values[7]!;
  return { busy: total - values[3]! - values[4]! - steal, steal, total };
}

/**
 * The machine's environment (its CA bundles reach the npm registry) without what `./dev` and pnpm
 * put there, and only the machine's own tools on PATH, as on CI: .ci/run brings Node 24 and pnpm.
 */
function ciEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(npm_|pnpm_|PNPM|NODE_OPTIONS$|INIT_CWD$|SHIPLINE_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, PATH: '/usr/local/bin:/usr/bin:/bin', CI: 'true' };
}

async function ciRun(commit: string, label: string): Promise<CiRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipline-ci-bench-'));
  try {
    const clone = spawnSync('git', ['clone', '--quiet', repoRoot, dir], { encoding: 'utf8' });
    if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`);
    spawnSync('git', ['-C', dir, 'checkout', '--quiet', commit], { encoding: 'utf8' });
    const before = cpuJiffies();
    const started = performance.now();
    let log = '';
    const status = await new Promise<number | null>((resolve) => {
      const child = spawn('bash', ['.ci/run'], {
        cwd: dir,
        env: ciEnvironment(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.on('close', resolve);
    });
    const seconds = (performance.now() - started) / 1000;
    const after = cpuJiffies();
    const phases = [
      ...log.matchAll(/^(system packages|install|lint|typecheck|check-dist|test)\s+(\d+)\s+(\d+)\s+(.+)$/gm),
    ].map((m) => ({ name: m[1]!, start: m[2]!, duration: m[3]!, result: m[4]!.trim() }));
    if (status !== 0) {
      // The clone goes away below; a failing run's whole log (the static checks' included) stays.
      const kept = path.join(repoRoot, '.tmp', `ci-run-${commit}.log`);
      fs.mkdirSync(path.dirname(kept), { recursive: true });
      fs.writeFileSync(kept, log);
      console.error(`bash .ci/run failed at ${commit}: its log is in ${kept}`);
    }
    const suiteTimes = path.join(dir, '.tmp', 'jest-suite-times.tsv');
    const header = fs.existsSync(suiteTimes) ? fs.readFileSync(suiteTimes, 'utf8').split('\n')[0]! : '';
    return {
      label,
      seconds,
      status,
      phases,
      tally: /^tests: .*$/m.exec(log)?.[0] ?? '(no tally)',
      failedFiles: [...new Set([...log.matchAll(/^FAIL (\S+)/gm)].map((m) => m[1]!))],
      testCpu: /CPU ([\d.]+) s/.exec(header)?.[1] ?? '–',
      busyShare: (after.busy - before.busy) / (after.total - before.total),
      busySeconds: (after.busy - before.busy) / JIFFIES_PER_SECOND,
      stealShare: (after.steal - before.steal) / (after.total - before.total),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const head = spawnSync('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD'], {
  encoding: 'utf8',
}).stdout.trim();
const base = process.env.SHIPLINE_BENCH_CI_BASE;
const loadBefore = os.loadavg()[0]!.toFixed(1);
const runs: CiRun[] = [];
if (base) runs.push(await ciRun(base, `${base} (before)`));
runs.push(await ciRun(head, `${head} (HEAD)`));

const failedPhases = (run: CiRun) =>
  run.phases
    .filter((p) => p.result !== 'ok')
    .map((p) => `, ${p.name}`)
    .join('');
const phase = (run: CiRun, name: string) => run.phases.find((p) => p.name === name)?.duration ?? '–';
console.log(
  [
    `\`bash .ci/run\` on a fresh clone, machine's own tools on PATH, ${os.availableParallelism()} CPUs, load average at the start ${loadBefore}.`,
    '',
    '| commit | total s | install | lint | typecheck | check-dist | tests | tests CPU-s | CPUs busy | busy CPU-s | stolen | result |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map(
      (r) =>
        `| ${r.label} | ${r.seconds.toFixed(0)} | ${phase(r, 'install')} | ${phase(r, 'lint')} | ${phase(r, 'typecheck')} | ${phase(r, 'check-dist')} | ${phase(r, 'test')} | ${r.testCpu} | ${(r.busyShare * 100).toFixed(0)} % | ${r.busySeconds.toFixed(0)} | ${(r.stealShare * 100).toFixed(1)} % | ${r.status === 0 ? 'ok' : `failed (${r.status}${failedPhases(r)})`}: ${r.tally}${r.failedFiles.length > 0 ? ` (${r.failedFiles.join(', ')})` : ''} |`,
    ),
    '',
    'Lint, typecheck and check-dist run beside the tests; goal ≤ 240 s total on an idle 2-core machine.',
    'The run is CPU-bound: its length follows the busy CPU-seconds (about half of them plus 10 s on 2 CPUs), and those vary with how fast the machine runs that day.',
  ].join('\n'),
);
// A failing base is reported, not fatal: the bench fails when HEAD's CI does.
if (runs.at(-1)!.status !== 0) process.exit(1);
