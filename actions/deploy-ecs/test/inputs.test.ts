// deploy-ecs bad inputs and pre-flight (bundled dist): refused before any AWS call or change.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateServiceCommand, DeleteServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import {
  createAppService,
  describeService,
  ecsClient,
  registerApp,
  SimClock,
  startTestEmulator,
} from '@shipline/ecs-emulator/testing';
import { deployStep, steadyService, workspaceWith } from './support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
let workspace: string;
beforeAll(async () => {
  emulator = await startTestEmulator();
  ecs = ecsClient(emulator);
  workspace = workspaceWith('web', 'shop/web:v2');
  fs.writeFileSync(path.join(workspace, 'broken.json'), '{"family": "web", ');
  fs.writeFileSync(
    path.join(workspace, 'no-image.yaml'),
    'family: web\ncontainerDefinitions:\n  - name: app\n',
  );
});
afterAll(() => emulator.close());

const file = { service: 'web', 'task-definition': 'task-definition.json' };

// Each case: the inputs, the input the error must name, and a fragment of what it must say.
const BAD_INPUTS: [string, Record<string, string>, string, RegExp][] = [
  ['no task-definition source', { service: 'web' }, 'task-definition', /give exactly one of/],
  ['two sources', { ...file, 'task-definition-family': 'web' }, 'task-definition', /conflicts with/],
  ['missing file', { ...file, 'task-definition': 'nope.json' }, 'task-definition', /does not exist/],
  [
    'file outside the workspace',
    { ...file, 'task-definition': '../../etc/passwd' },
    'task-definition',
    /outside the workspace/,
  ],
  ['invalid JSON', { ...file, 'task-definition': 'broken.json' }, 'task-definition', /not valid JSON/],
  [
    'container without image',
    { ...file, 'task-definition': 'no-image.yaml' },
    'task-definition',
    /has no "image"/,
  ],
  [
    'bad ARN',
    { service: 'web', 'task-definition-arn': 'arn:aws:ecs:web' },
    'task-definition-arn',
    /family:revision/,
  ],
  ['on-cancel not a choice', { ...file, 'on-cancel': 'stop' }, 'on-cancel', /not one of: rollback, leave/],
  [
    'revision 0',
    { service: 'web', 'task-definition-arn': 'web:0' },
    'task-definition-arn',
    /family:revision/,
  ],
  [
    'family with revision',
    { service: 'web', 'task-definition-family': 'web:3' },
    'task-definition-family',
    /no revision/,
  ],
  ['no service', { 'task-definition': 'task-definition.json' }, 'service', /required/],
  ['service repeated', { ...file, service: 'web, web' }, 'service', /twice/],
  ['bad service name', { ...file, service: 'web/api' }, 'service', /service name/],
  ['bad cluster', { ...file, cluster: 'my cluster' }, 'cluster', /cluster name/],
  [
    'unknown container',
    { ...file, 'container-images': 'worker=shop/web:v3' },
    'container-images',
    /has only: app/,
  ],
  [
    'not an image',
    { ...file, 'container-images': 'app=Shop Web:latest' },
    'container-images',
    /not an image reference/,
  ],
  [
    'env line without container',
    { ...file, 'container-env': 'LOG_LEVEL=debug' },
    'container-env',
    /container:KEY=VALUE/,
  ],
  ['env bad key', { ...file, 'container-env': 'app:LOG-LEVEL=debug' }, 'container-env', /variable name/],
  ['desired-count negative', { ...file, 'desired-count': '-1' }, 'desired-count', /below the minimum/],
  ['wait yes', { ...file, wait: 'yes' }, 'wait', /use true or false/],
  ['timeout not a duration', { ...file, timeout: 'soon' }, 'timeout', /not a duration/],
  ['timeout too short', { ...file, timeout: '1s' }, 'timeout', /shorter than allowed/],
  ['keep-revisions not a number', { ...file, 'keep-revisions': 'all' }, 'keep-revisions', /whole number/],
  ['rollback-on-failure 1', { ...file, 'rollback-on-failure': '1' }, 'rollback-on-failure', /true or false/],
];

describe('deploy-ecs: bad input fails before any AWS call, naming the input', () => {
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

  it('reports every bad input of one run together', async () => {
    const run = await deployStep(
      emulator,
      { ...file, wait: 'maybe', timeout: 'later', 'desired-count': 'x' },
      { workspace },
    );
    const titles = run.errors.filter((e) => e.startsWith('Input'));
    expect(titles).toHaveLength(3);
  });

  it('without an AWS region: a clear error and no call', async () => {
    const before = emulator.requestCount();
    const run = await deployStep(emulator, file, {
      workspace,
      env: { AWS_REGION: '', AWS_DEFAULT_REGION: '' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/No AWS region is set/);
    expect(emulator.requestCount()).toBe(before);
  });
});

describe('deploy-ecs: pre-flight refuses before any change', () => {
  it('a missing service, with every problem named and nothing registered', async () => {
    await steadyService(ecs, 'present');
    const run = await deployStep(emulator, { ...file, service: 'present, absent' }, { workspace });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/service 'absent' was not found in cluster 'apps'/);
    expect(emulator.requestCount('RegisterTaskDefinition')).toBe(1); // only steadyService's
    expect((await describeService(ecs, 'present')).deployments).toHaveLength(1);
  });

  it('a draining service', async () => {
    // The deleted service stays DRAINING while its task stops: simulated time is held from the
    // delete on, so however slowly deploy-ecs starts it finds the service still draining (at real
    // speed a loaded CI run found it INACTIVE already).
    const clock = new SimClock(1);
    const slow = await startTestEmulator({ clock });
    try {
      const slowEcs = ecsClient(slow);
      await createAppService(slowEcs, { service: 'leaving', image: 'shop/leaving:v1', desiredCount: 1 });
      await slowEcs.send(new DeleteServiceCommand({ cluster: 'apps', service: 'leaving', force: true }));
      clock.hold();
      const run = await deployStep(slow, { ...file, service: 'leaving' }, { workspace });
      expect(run.exitCode).toBe(1);
      expect(run.errors.join('\n')).toMatch(
        /service 'leaving' is DRAINING, not ACTIVE \(it is being deleted\)/,
      );
    } finally {
      await slow.close();
    }
  });

  it('a CODE_DEPLOY service: not supported, said before any change', async () => {
    const arn = await registerApp(ecs, 'bluegreen', 'shop/bluegreen:v1');
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'apps',
        serviceName: 'bluegreen',
        taskDefinition: arn,
        desiredCount: 1,
        deploymentController: { type: 'CODE_DEPLOY' },
      }),
    );
    const run = await deployStep(emulator, { ...file, service: 'bluegreen' }, { workspace });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/CODE_DEPLOY deployment controller, which is not supported/);
  });
});
