// deploy-ecs strategy inputs (bundled dist): bad values refused before any AWS call, and what a
// service cannot take (no alternate target group, a timeout shorter than the rollout) before any change.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateClusterCommand, CreateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { describeService, ecsClient, registerApp, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { deployStep, workspaceWith } from './support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
let workspace: string;
beforeAll(async () => {
  emulator = await startTestEmulator();
  ecs = ecsClient(emulator);
  workspace = workspaceWith('web', 'shop/web:v2');
  await ecs.send(new CreateClusterCommand({ clusterName: 'apps' }));
});
afterAll(() => emulator.close());

const file = { service: 'web', 'task-definition': 'task-definition.json' };
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup';

const BAD_INPUTS: [string, Record<string, string>, string, RegExp][] = [
  [
    'unknown strategy',
    { ...file, strategy: 'big-bang' },
    'strategy',
    /not one of: keep, rolling, blue-green, canary, linear/,
  ],
  [
    'canary-percent 0',
    { ...file, strategy: 'canary', 'canary-percent': '0' },
    'canary-percent',
    /outside 1–99/,
  ],
  [
    'canary-percent 100',
    { ...file, strategy: 'canary', 'canary-percent': '100' },
    'canary-percent',
    /outside 1–99/,
  ],
  [
    'canary-percent words',
    { ...file, strategy: 'canary', 'canary-percent': 'ten' },
    'canary-percent',
    /not a percentage/,
  ],
  [
    'linear step 2',
    { ...file, strategy: 'linear', 'linear-step-percent': '2' },
    'linear-step-percent',
    /below 3, the smallest step ECS accepts/,
  ],
  [
    'linear step 120',
    { ...file, strategy: 'linear', 'linear-step-percent': '120' },
    'linear-step-percent',
    /outside 1–99/,
  ],
  [
    'canary bake 25h',
    { ...file, strategy: 'canary', 'canary-bake': '25h' },
    'canary-bake',
    /longer than ECS allows \(1440 minutes, 24h\)/,
  ],
  [
    'linear bake 90s',
    { ...file, strategy: 'linear', 'linear-step-bake': '90s' },
    'linear-step-bake',
    /not whole minutes/,
  ],
  [
    'bake-time 25h',
    { ...file, strategy: 'blue-green', 'bake-time': '25h' },
    'bake-time',
    /longer than ECS allows/,
  ],
  [
    'rolling bake 2h',
    { ...file, strategy: 'rolling', 'bake-time': '2h' },
    'bake-time',
    /longer than the 1h maximum/,
  ],
];

describe('deploy-ecs: bad strategy inputs fail before any AWS call, naming the input', () => {
  it.each(BAD_INPUTS)('%s', async (_case, inputs, input, says) => {
    const before = emulator.requestCount();
    const run = await deployStep(emulator, inputs, { workspace });
    expect(run.exitCode).toBe(1);
    const error = run.commands.find(
      (c) => c.command === 'error' && c.properties.title === `Bad input: ${input}`,
    );
    expect(error?.message).toMatch(says);
    expect(error?.message).toContain('Example of a good value');
    expect(emulator.requestCount()).toBe(before);
  });
});

describe('deploy-ecs: what a service cannot take is refused before any change', () => {
  async function balancedService(name: string, advanced: boolean): Promise<string> {
    const arn = await registerApp(ecs, name, `shop/${name}:v1`);
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'apps',
        serviceName: name,
        taskDefinition: arn,
        desiredCount: 2,
        loadBalancers: [
          {
            targetGroupArn: `${TG}/${name}-blue/1`,
            containerName: 'app',
            containerPort: 8080,
            ...(advanced
              ? {
                  advancedConfiguration: {
                    alternateTargetGroupArn: `${TG}/${name}-green/2`,
                    productionListenerRule: `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shop/1/2/${name}`,
                    roleArn: 'arn:aws:iam::123456789012:role/ecs-infrastructure',
                  },
                }
              : {}),
          },
        ],
      }),
    );
    return arn;
  }

  it.each([
    [
      'plain',
      false,
      { strategy: 'blue-green' },
      'strategy',
      /BLUE_GREEN cannot run on plain: its load balancer target group plain-blue has no alternate target group/,
    ],
    [
      'paced',
      true,
      { strategy: 'linear', timeout: '20m' },
      'timeout',
      /\(20m 00s\) is shorter than the LINEAR rollout of paced needs: at least 57m 00s \(9 linear steps × 6m \+ 3m to start green\)/,
    ],
    [
      'bird',
      true,
      { strategy: 'canary', 'linear-step-percent': '20' },
      'linear-step-percent',
      /applies to the LINEAR strategy, but bird deploys with CANARY/,
    ],
  ])(
    '%s',
    async (name, advanced, inputs, input, says) => {
      const arn = await balancedService(name, advanced);
      const service = await describeService(ecs, name);
      const run = await deployStep(
        emulator,
        { ...file, service: name, ...inputs },
        { workspace: workspaceWith(name, `shop/${name}:v2`) },
      );
      expect(run.exitCode).toBe(1);
      const error = run.commands.find(
        (c) => c.command === 'error' && c.properties.title === `Bad input: ${input}`,
      );
      expect(error?.message).toMatch(says);
      const after = await describeService(ecs, name);
      expect(after.taskDefinition).toBe(arn);
      expect(after.deploymentConfiguration).toEqual(service.deploymentConfiguration);
      expect(after.deployments?.map((d) => d.id)).toEqual(service.deployments?.map((d) => d.id));
    },
    30_000,
  );
});
