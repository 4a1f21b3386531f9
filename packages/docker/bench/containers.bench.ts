// Real containers for the rehearsal (issue #21): how long the local Node base image takes to make
// (cold: under a name that does not exist yet; warm: found by its content hash), and how long a
// service task of the emulator with runContainers takes from CreateService to RUNNING and to
// HEALTHY (container health check + load balancer check) at clock x20. Needs a docker daemon.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@shipline/ecs-emulator';
import { ecsCall } from '@shipline/ecs-emulator/testing';
import { dockerAvailability } from '@shipline/local-services/docker-host';
import { percentile } from '@shipline/toolkit';
import { ensureNodeBaseImage } from '../src/base-image/node-base-image.js';

const daemon = dockerAvailability();
if (!daemon.ok) {
  console.log(`skipped: ${daemon.reason}`);
  process.exit(0);
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const row = (name: string, values: number[]) =>
  `| ${name} | ${values.length} | ${seconds(percentile(values, 50))} | ${seconds(Math.max(...values))} |`;
async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < 3; i++) {
  const image = `shipline-bench/node:cold-${process.pid}-${i}`;
  cold.push(await timed(() => ensureNodeBaseImage({ image, tags: [] })));
  warm.push(await timed(() => ensureNodeBaseImage({ image, tags: [] })));
  spawnSync('docker', ['rmi', image]);
}

await ensureNodeBaseImage();
const fixture = 'shipline-bench/fixture:1';
const context = fileURLToPath(new URL('../test/fixtures/container-app', import.meta.url));
const build = spawnSync('docker', ['build', '-q', '-t', fixture, context], {
  encoding: 'utf8',
  env: { ...process.env, DOCKER_BUILDKIT: '0' },
});
if (build.status !== 0) throw new Error(`docker build failed: ${build.stderr}`);

const emulator = await startEmulator({
  clockScale: 20,
  runContainers: { withoutDaemon: 'fail', targetHealthCheck: { path: '/health', intervalSeconds: 5 } },
});
const ecs = (operation: string, body: Record<string, unknown>) => ecsCall(emulator, operation, body);
await ecs('CreateCluster', { clusterName: 'bench' });
const toRunning: number[] = [];
const toHealthy: number[] = [];
for (let i = 0; i < 5; i++) {
  const definition = await ecs('RegisterTaskDefinition', {
    family: `bench-${i}`,
    containerDefinitions: [
      {
        name: 'app',
        image: fixture,
        portMappings: [{ containerPort: 3000 }],
        healthCheck: {
          command: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:3000/health'],
          interval: 5,
        },
      },
    ],
  });
  const serviceName = `bench-${i}`;
  const started = performance.now();
  await ecs('CreateService', {
    cluster: 'bench',
    serviceName,
    taskDefinition: definition.taskDefinition.taskDefinitionArn,
    desiredCount: 1,
    loadBalancers: [
      {
        targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/b/1',
        containerName: 'app',
        containerPort: 3000,
      },
    ],
  });
  let running: number | undefined;
  for (;;) {
    const list = await ecs('ListTasks', { cluster: 'bench', serviceName });
    const task = list.taskArns.length
      ? (await ecs('DescribeTasks', { cluster: 'bench', tasks: list.taskArns })).tasks[0]
      : undefined;
    if (running === undefined && task?.lastStatus === 'RUNNING') running = performance.now() - started;
    if (task?.healthStatus === 'HEALTHY') break;
    if (performance.now() - started > 120_000)
      throw new Error(`${serviceName} did not become HEALTHY in 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  toHealthy.push(performance.now() - started);
  toRunning.push(running!);
  await ecs('DeleteService', { cluster: 'bench', service: serviceName, force: true });
}
await emulator.close();
spawnSync('docker', ['rmi', fixture]);

console.log(
  [
    '| | runs | p50 | max |',
    '| --- | --- | --- | --- |',
    row('base image, cold: image absent (docker import; file digests remembered)', cold),
    row('base image, warm (content hash matches: no import)', warm),
    row('emulator x20: CreateService → task RUNNING (real container started)', toRunning),
    row('emulator x20: CreateService → task HEALTHY (docker + load-balancer checks)', toHealthy),
    '',
    'RUNNING includes the simulated PROVISIONING (5 s at x20 = 0.25 s); HEALTHY waits for the first',
    'passed container health check and load-balancer check (intervals 5 s / 20 → at least 1 s real).',
  ].join('\n'),
);
