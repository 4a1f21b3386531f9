// Emulator benchmark: DescribeServices throughput over loopback (real SDK, and raw keep-alive HTTP)
// against the emulator running in its own process, and the memory 100 services with running tasks
// take in-process. Markdown on stdout, progress on stderr; `emulator.bench.ts out.json` also writes JSON.
//   npx tsx packages/ecs-emulator/bench/emulator.bench.ts [out.json]
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { startEmulator } from '../src/index.js';

const SECONDS_PER_RUN = 3;
const SERVICES_PER_CALL = 10;
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const guard = setTimeout(() => {
  log('took over 60 s, giving up');
  process.exit(1);
}, 60_000);

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function startServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(packageDir, 'src/cli.ts'), '--port', '0', '--clock-scale', '100'],
    {
      cwd: path.resolve(packageDir, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const url = /^export AWS_ENDPOINT_URL_ECS=(\S+)$/m.exec(out)?.[1];
    if (url) return { url, child };
  }
  throw new Error(`emulator process exited before printing its URL:\n${out}`);
}

function client(url: string): ECSClient {
  return new ECSClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
  });
}

async function seed(ecs: ECSClient, services: number, tasksEach: number): Promise<string[]> {
  await ecs.send(new CreateClusterCommand({ clusterName: 'bench' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'bench',
      containerDefinitions: [{ name: 'app', image: 'bench/app:1' }],
    }),
  );
  const names = Array.from({ length: services }, (_, i) => `svc-${i}`);
  for (const serviceName of names) {
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'bench',
        serviceName,
        taskDefinition: 'bench',
        desiredCount: tasksEach,
      }),
    );
  }
  for (;;) {
    let steady = 0;
    for (let i = 0; i < names.length; i += 10) {
      const { services: page } = await ecs.send(
        new DescribeServicesCommand({ cluster: 'bench', services: names.slice(i, i + 10) }),
      );
      steady += page!.filter((s) => s.deployments?.length === 1 && s.runningCount === tasksEach).length;
    }
    if (steady === names.length) return names;
    await sleep(50);
  }
}

interface Throughput {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

async function measure(concurrency: number, call: () => Promise<void>): Promise<Throughput> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS_PER_RUN * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await call().catch(() => errors++);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number((latencies[Math.floor(q * (latencies.length - 1))] ?? 0).toFixed(2));
  return {
    requests: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
  };
}

function rawCaller(url: string, body: string): () => Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(url);
  return () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          hostname,
          port,
          method: 'POST',
          path: '/',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeServices',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

/** A real gc() even without --expose-gc, so heap deltas are not garbage. */
function collector(): (() => void) | undefined {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return typeof gc === 'function' ? (gc as () => void) : undefined;
}

async function memoryFor(services: number, tasksEach: number) {
  const gc = collector();
  gc?.();
  const before = process.memoryUsage();
  const emulator = await startEmulator({ clockScale: 400 });
  const ecs = client(emulator.url);
  await seed(ecs, services, tasksEach);
  gc?.();
  const after = process.memoryUsage();
  const state = emulator.state() as { tasks: unknown[] };
  await emulator.close();
  ecs.destroy();
  const mib = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));
  return {
    services,
    tasks: state.tasks.length,
    rssDeltaMiB: mib(after.rss - before.rss),
    heapUsedDeltaMiB: mib(after.heapUsed - before.heapUsed),
    gcExposed: gc !== undefined,
  };
}

log('starting the emulator in its own process');
const { url, child } = await startServerProcess();
try {
  const ecs = client(url);
  const names = (await seed(ecs, SERVICES_PER_CALL, 2)).slice(0, SERVICES_PER_CALL);
  const input = { cluster: 'bench', services: names };
  const single = { cluster: 'bench', services: names.slice(0, 1) };
  log(`SDK DescribeServices (1 service per call), ${SECONDS_PER_RUN} s`);
  const sdkSingle = await measure(16, async () => void (await ecs.send(new DescribeServicesCommand(single))));
  log(`SDK DescribeServices (${SERVICES_PER_CALL} services per call), ${SECONDS_PER_RUN} s`);
  const sdk = await measure(16, async () => void (await ecs.send(new DescribeServicesCommand(input))));
  log(`raw HTTP DescribeServices (${SERVICES_PER_CALL} services per call), ${SECONDS_PER_RUN} s`);
  const raw = await measure(32, rawCaller(url, JSON.stringify(input)));
  ecs.destroy();
  log('memory for 100 services x 2 running tasks (in-process)');
  const memory = await memoryFor(100, 2);

  // The SDK rows are bound by the SDK's own response parsing on one core; raw HTTP shows the server.
  const rows = [
    ['@aws-sdk/client-ecs, 1 service per call, 16 concurrent', sdkSingle],
    [`@aws-sdk/client-ecs, ${SERVICES_PER_CALL} services per call, 16 concurrent`, sdk],
    [`raw keep-alive HTTP, ${SERVICES_PER_CALL} services per call, 32 concurrent`, raw],
  ] as const;
  const table = [
    '| DescribeServices client | requests/s | p50 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(([name, r]) => `| ${name} | ${r.perSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} |`),
    '',
    '| memory | services | tasks | RSS delta MiB | heapUsed delta MiB |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| 100 services with running tasks${memory.gcExposed ? '' : ' (no gc available: noisy)'} | ${memory.services} | ${memory.tasks} | ${memory.rssDeltaMiB} | ${memory.heapUsedDeltaMiB} |`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  const out = process.argv[2];
  if (out) {
    writeFileSync(
      out,
      `${JSON.stringify({ url, secondsPerRun: SECONDS_PER_RUN, sdkSingle, sdk, raw, memory }, null, 2)}\n`,
    );
    log(`JSON written to ${out}`);
  }
} finally {
  child.kill('SIGTERM');
  clearTimeout(guard);
}
