// build-and-push benchmark: the bundled action run as the runner runs it (harness), against the
// real dockerd and a local docker-registry with htpasswd auth. Per round: a cold build (new
// content, nothing cached), a warm rebuild (same content, new commit: daemon cache and layers
// already in the registry) and a skip-existing re-run (same commit). Times as medians and as
// ratios of the cold build. Markdown on stdout, progress on stderr; an argument writes JSON.
//   npx tsx actions/build-and-push/bench/build-and-push.bench.ts [out.json]
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction, type RunResult } from '@shipline/action-harness';
import { dockerAvailability, registryAvailability, removeImages } from '@shipline/local-services/docker-host';
import { startRegistry } from '@shipline/local-services/registry';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LAYERS = 3;
const LAYER_MIB = 16;
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const guard = setTimeout(() => {
  log('took over 5 minutes, giving up');
  process.exit(1);
}, 5 * 60_000);

const actionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const missing = [dockerAvailability(), registryAvailability()].filter((a) => !a.ok);
if (missing.length > 0) {
  const reasons = missing.map((a) => (a.ok ? '' : a.reason)).join('; ');
  process.stdout.write(`_skipped: ${reasons}_\n`);
  clearTimeout(guard);
  process.exit(0);
}

/** A context of LAYERS files of random bytes, one COPY (layer) each. */
function writeContext(dir: string): void {
  const copies = Array.from({ length: LAYERS }, (_, i) => `COPY part-${i}.bin /data/part-${i}.bin`);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM scratch\n${copies.join('\n')}\n`);
  for (let i = 0; i < LAYERS; i++)
    fs.writeFileSync(path.join(dir, `part-${i}.bin`), randomBytes(LAYER_MIB << 20));
}

const registry = await startRegistry();
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ws-'));
const dockerConfig = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-docker-config-'));
const image = `${registry.host}/bench/app`;

async function timed(sha: string): Promise<{ seconds: number; result: RunResult }> {
  const started = performance.now();
  const result = await runAction({
    actionDir,
    workspace,
    inputs: { image, username: registry.username, password: registry.password, tags: '{{sha}}\n{{branch}}' },
    secrets: [registry.password],
    env: { DOCKER_CONFIG: dockerConfig },
    context: { sha, ref: 'refs/heads/main', event: { repository: { default_branch: 'main' } } },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.exitCode !== 0) throw new Error(`run failed: ${result.errors.join('; ')}`);
  return { seconds, result };
}

const times: Record<'cold' | 'warm' | 'skip', number[]> = { cold: [], warm: [], skip: [] };
let builder = '';
try {
  for (let round = 1; round <= ROUNDS; round++) {
    writeContext(workspace);
    removeImages(`${image}:`);
    const cold = await timed(randomBytes(20).toString('hex'));
    builder = JSON.parse(cold.result.outputs.metadata ?? '{}').builder?.kind ?? '';
    log(`round ${round}: cold build ${cold.seconds.toFixed(2)} s`);
    const sha = randomBytes(20).toString('hex');
    const warm = await timed(sha);
    log(`round ${round}: warm rebuild ${warm.seconds.toFixed(2)} s`);
    const skip = await timed(sha);
    if (skip.result.outputs.skipped !== 'true')
      throw new Error('the re-run of the same commit was not skipped');
    log(`round ${round}: skip-existing re-run ${skip.seconds.toFixed(2)} s`);
    times.cold.push(cold.seconds);
    times.warm.push(warm.seconds);
    times.skip.push(skip.seconds);
  }
} finally {
  removeImages(`${image}:`);
  await registry.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(dockerConfig, { recursive: true, force: true });
  clearTimeout(guard);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const cold = median(times.cold);
const rows = [
  ['cold build (new content, nothing cached)', times.cold],
  ['warm rebuild (same content, new commit)', times.warm],
  ['skip-existing re-run (same commit)', times.skip],
] as const;
const table = [
  `| run (${ROUNDS} rounds) | median s | min s | max s | ratio to cold |`,
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map(
    ([name, values]) =>
      `| ${name} | ${median(values).toFixed(2)} | ${Math.min(...values).toFixed(2)} | ${Math.max(...values).toFixed(2)} | ${(median(values) / cold).toFixed(2)} |`,
  ),
  '',
  `Image: FROM scratch, ${LAYERS} layers of ${LAYER_MIB} MiB random bytes; builder: ${builder || 'unknown'}; ` +
    'registry: docker-registry on loopback with htpasswd; each run is the bundled action (main + post) through the harness.',
].join('\n');
process.stdout.write(`${table}\n`);
const out = process.argv[2];
if (out) {
  fs.writeFileSync(
    out,
    `${JSON.stringify({ rounds: ROUNDS, layers: LAYERS, layerMiB: LAYER_MIB, builder, times }, null, 2)}\n`,
  );
  log(`JSON written to ${out}`);
}
