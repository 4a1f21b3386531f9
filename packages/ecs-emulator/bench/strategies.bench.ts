// Native-strategy benchmark (emulator side): for each strategy, the simulated length of a healthy
// rollout and the real time the emulator takes to play it at clock x1000; for BLUE_GREEN during its
// bake, the switch back: real ms from StopServiceDeployment until production answers only from blue,
// and the simulated seconds ECS reports (rollback.startedAt − the call). Markdown on stdout.
//   npx tsx packages/ecs-emulator/bench/strategies.bench.ts
import {
  DescribeServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  type DeploymentConfiguration,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { startEmulator } from '../src/index.js';
import { deploy, serviceWith } from '../src/testing-strategies.js';
import { ecsClient, waitFor } from '../src/testing.js';

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const emulator = await startEmulator({ clockScale: 1000, tickMs: 5 });
const ecs: ECSClient = ecsClient(emulator);
const stageOf = async (arn: string) =>
  (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
    .serviceDeployments![0]!;

const strategies: [string, DeploymentConfiguration][] = [
  ['ROLLING', {}],
  ['BLUE_GREEN (bake 5 min)', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 }],
  ['CANARY (defaults 5 % for 10 min; bake 5 min)', { strategy: 'CANARY', bakeTimeInMinutes: 5 }],
  ['LINEAR (defaults 10 % every 6 min; bake 5 min)', { strategy: 'LINEAR', bakeTimeInMinutes: 5 }],
];
const rows: string[] = [];
for (const [name, config] of strategies) {
  emulator.reset();
  log(name);
  await serviceWith(ecs, 'web', config);
  const realStart = performance.now();
  const simStart = emulator.now();
  const arn = await deploy(ecs, 'web', 'shop/web:v2');
  await waitFor(name, async () => (await stageOf(arn)).status === 'SUCCESSFUL', 60_000);
  const sim = (emulator.now() - simStart) / 1000;
  rows.push(
    `| ${name} | ${(sim / 60).toFixed(1)} min | ${((performance.now() - realStart) / 1000).toFixed(2)} s |`,
  );
}

emulator.reset();
log('switch back during bake');
await serviceWith(ecs, 'web', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 });
const arn = await deploy(ecs, 'web', 'shop/web:v2');
await waitFor('bake', async () => (await stageOf(arn)).lifecycleStage === 'BAKE_TIME', 60_000);
const asked = emulator.now();
const started = performance.now();
await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
let blueInARow = 0;
while (blueInARow < 10) {
  const res = await fetch(`${emulator.loadBalancerUrl('apps', 'web')}/`);
  blueInARow = res.headers.get('x-app-version') === 'v1' ? blueInARow + 1 : 0;
}
const realMs = performance.now() - started;
const ecsSeconds = ((await stageOf(arn)).rollback!.startedAt!.getTime() - asked) / 1000;
await emulator.close();

process.stdout.write(
  [
    '| strategy (2 tasks) | healthy rollout, simulated | real time at x1000 |',
    '| --- | ---: | ---: |',
    ...rows,
    '',
    `BLUE_GREEN switch back during bake (StopServiceDeployment → production only on blue): ` +
      `${realMs.toFixed(0)} ms real including 10 load-balancer requests; ECS time ${Math.max(0, ecsSeconds).toFixed(1)} s ` +
      `(simulated seconds between the call and rollback.startedAt, at x1000).`,
    '',
  ].join('\n'),
);
