// run-task before deploy-ecs (bundled dists against the emulator): given the same task-definition,
// container-images and task-definition-env, run-task registers the very revision deploy-ecs then
// deploys (deploy-ecs registers nothing more), and a failed run leaves its reason as an output.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runAction } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { jobDefinition, runTaskStep, setUpCluster } from './support.js';

const deployEcsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../deploy-ecs');
let emulator: EmulatorHandle;
let ecs: ECSClient;
let workspace: string;

const job = jobDefinition('web', 'shop/web:placeholder');
/** The job definition with APP_VERSION, as the pipeline's task-definition skeletons carry it. */
const DEFINITION = {
  ...job,
  containerDefinitions: [
    { ...job.containerDefinitions[0]!, environment: [{ name: 'APP_VERSION', value: '-' }] },
  ],
};

beforeAll(async () => {
  emulator = await startTestEmulator({
    scenarios: [
      { image: '*:v2', runFor: 5, logLines: ['migrating to v2', 'done'] },
      {
        image: '*:v3',
        runFor: 5,
        exitCode: 3,
        logLines: ['migrating to v3', 'error: column "email" exists'],
      },
    ],
  });
  ecs = ecsClient(emulator);
  await setUpCluster(ecs);
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'run-task-revision-'));
  fs.writeFileSync(path.join(workspace, 'web.json'), JSON.stringify(DEFINITION));
});
afterAll(async () => {
  await emulator.close();
  fs.rmSync(workspace, { recursive: true, force: true });
});

const fileInputs = (version: string) => ({
  'task-definition': 'web.json',
  'container-images': `app=shop/web:${version}`,
  'task-definition-env': `app:APP_VERSION=${version}`,
});
const revisions = async () =>
  (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web' }))).taskDefinitionArns!.length;

describe('run-task on the revision deploy-ecs deploys', () => {
  it('registers the rendered file once: the migration runs on it, deploy-ecs reuses it', async () => {
    const before = await revisions();
    const run = await runTaskStep(emulator, { ...fileInputs('v2'), command: './migrate' }, { workspace });
    expect(run.errors).toEqual([]);
    expect(run.outputs['failure-reason']).toBe('');
    const arn = run.outputs['task-definition-arn']!;
    const described = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })))
      .taskDefinition!;
    expect(described.containerDefinitions![0]).toMatchObject({
      image: 'shop/web:v2',
      environment: [{ name: 'APP_VERSION', value: 'v2' }],
    });
    expect(await revisions()).toBe(before + 1);

    const deploy = await runAction({
      actionDir: deployEcsDir,
      inputs: {
        cluster: 'apps',
        service: 'web',
        'task-definition': 'web.json',
        'container-images': 'app=shop/web:v2',
        'container-env': 'app:APP_VERSION=v2',
        'bake-time': '0',
        timeout: '2m',
      },
      env: emulator.env,
      workspace,
    });
    expect(deploy.errors).toEqual([]);
    expect(deploy.outputs['task-definition-arn']).toBe(arn);
    expect(await revisions()).toBe(before + 1);
    const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] })))
      .services![0]!;
    expect(service.taskDefinition).toBe(arn);
  }, 60_000);

  it('equal to what the service runs: reuses that revision, even when a newer one exists (as deploy-ecs does)', async () => {
    const running = (await ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] })))
      .services![0]!.taskDefinition!;
    // A newer revision, e.g. one ECS rolled back from: the latest ACTIVE, not what runs.
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        ...DEFINITION,
        containerDefinitions: [{ ...DEFINITION.containerDefinitions[0]!, image: 'shop/web:v9' }],
      }),
    );
    const before = await revisions();
    const run = await runTaskStep(emulator, { ...fileInputs('v2'), command: './migrate' }, { workspace });
    expect(run.errors).toEqual([]);
    expect(run.outputs['task-definition-arn']).toBe(running);
    expect(await revisions()).toBe(before);
  }, 30_000);

  it('a failed run gives its exit code and last log lines as failure-reason', async () => {
    const run = await runTaskStep(emulator, { ...fileInputs('v3'), command: './migrate' }, { workspace });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['exit-code']).toBe('3');
    expect(run.outputs['failure-reason']).toContain('container app exited with code 3');
    expect(run.outputs['failure-reason']).toContain('error: column "email" exists');
  }, 30_000);

  it('refuses task-definition-env naming a container the file does not have, before any call', async () => {
    const before = emulator.requestCount();
    const run = await runTaskStep(
      emulator,
      { ...fileInputs('v4'), 'task-definition-env': 'worker:APP_VERSION=v4' },
      { workspace },
    );
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain(
      'task-definition-env names container "worker", but web has only: app',
    );
    expect(emulator.requestCount()).toBe(before);
  }, 30_000);
});
