import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import {
  createAppService,
  ecsClient,
  registerApp,
  startTestEmulator,
  waitForSteady,
} from '../src/testing.js';

const run = promisify(execFile);

/** Every `aws` on PATH, the first AWS CLI v2 preferred (the independent client we check against). */
function findAwsCli(): string | undefined {
  const found = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, 'aws'))
    .filter((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  const versions = found.map((file) => ({
    file,
    version: spawnSync(file, ['--version'], { encoding: 'utf8' }).stdout ?? '',
  }));
  return (versions.find((v) => v.version.startsWith('aws-cli/2')) ?? versions.find((v) => v.version !== ''))
    ?.file;
}

const aws = findAwsCli();
// CI installs the CLI (.ci/system-packages); only a developer machine without it may skip.
if (!aws && process.env.CI) throw new Error('CI must run the AWS CLI tests, but no `aws` is on PATH');
if (!aws) console.warn('SKIPPED: AWS CLI tests need `aws` on PATH (apt-get install -y awscli)');
const maybe = aws ? describe : describe.skip;

let emulator: EmulatorHandle;
let ecs: ECSClient;

async function cli(
  ...args: string[]
): Promise<{ code: number; json: Record<string, unknown> | undefined; stderr: string }> {
  const env = {
    ...process.env,
    ...emulator.env,
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  // --endpoint-url as well: CLI versions before 2.13 ignore AWS_ENDPOINT_URL_ECS.
  const result = await run(aws!, [...args, '--endpoint-url', emulator.url, '--output', 'json'], {
    env,
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
  const json = result.stdout.trim() ? (JSON.parse(result.stdout) as Record<string, unknown>) : undefined;
  return { code: result.code, json, stderr: result.stderr };
}

maybe('AWS CLI against the emulator', () => {
  beforeAll(async () => {
    emulator = await startTestEmulator();
    ecs = ecsClient(emulator);
    await createAppService(ecs, {
      service: 'web',
      image: 'shop/web:1',
      desiredCount: 2,
      environment: [{ name: 'APP_VERSION', value: '1.0.0' }],
    });
    await waitForSteady(ecs, 'web');
  });
  afterAll(() => emulator?.close());

  it('describe-services parses, with missing services as failures', async () => {
    const { code, json } = await cli(
      'ecs',
      'describe-services',
      '--cluster',
      'apps',
      '--services',
      'web',
      'ghost',
    );
    expect(code).toBe(0);
    const [service] = json!.services as Record<string, unknown>[];
    expect(service).toMatchObject({ serviceName: 'web', status: 'ACTIVE', desiredCount: 2, runningCount: 2 });
    expect((service!.deployments as unknown[]).length).toBe(1);
    expect(json!.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/apps/ghost', reason: 'MISSING' },
    ]);
  });

  it('describe-task-definition parses', async () => {
    const { code, json } = await cli('ecs', 'describe-task-definition', '--task-definition', 'web');
    expect(code).toBe(0);
    expect(json!.taskDefinition).toMatchObject({
      family: 'web',
      revision: 1,
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
      containerDefinitions: [
        expect.objectContaining({
          image: 'shop/web:1',
          environment: [{ name: 'APP_VERSION', value: '1.0.0' }],
        }),
      ],
    });
  });

  it('reports typed errors the way the CLI shows AWS errors', async () => {
    const { code, stderr } = await cli(
      'ecs',
      'update-service',
      '--cluster',
      'apps',
      '--service',
      'ghost',
      '--desired-count',
      '1',
    );
    expect(code).not.toBe(0);
    expect(stderr).toContain('ServiceNotFoundException');
  });

  it('wait services-stable returns 0 after a healthy deployment, and fails at once for a missing service', async () => {
    const v2 = await registerApp(ecs, 'web', 'shop/web:2');
    await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service: 'web', taskDefinition: v2 }));
    await waitForSteady(ecs, 'web'); // the waiter polls every 15 s: let it find the service stable at once
    const looks = emulator.requestCount('DescribeServices');
    const stable = await cli('ecs', 'wait', 'services-stable', '--cluster', 'apps', '--services', 'web');
    expect(stable.code).toBe(0);
    // Stable at the waiter's first look (counted, not timed: the CLI's own start is slow on a busy machine).
    expect(emulator.requestCount('DescribeServices') - looks).toBe(1);
    const missing = await cli('ecs', 'wait', 'services-stable', '--cluster', 'apps', '--services', 'ghost');
    expect(missing.code).toBe(255);
    expect(missing.stderr).toMatch(/Waiter ServicesStable failed/);
  });
});
