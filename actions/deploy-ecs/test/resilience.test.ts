// deploy-ecs under throttling, 5xx and resets, and repeat runs (bundled dist against the emulator).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ListTaskDefinitionsCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { describeService, ecsClient, registerApp, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { deployStep, steadyService, workspaceWith } from './support.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
let registry: http.Server;
let registryHost: string;
beforeAll(async () => {
  // A registry that has no image at all: every manifest lookup is a 404, as for a mistyped tag.
  registry = http.createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryHost = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
  emulator = await startTestEmulator({
    registry: { url: `http://${registryHost}` },
    scenarios: [{ image: '*:slowish', slowStart: 1_200 }],
  });
  ecs = ecsClient(emulator);
});
beforeEach(() => emulator.setFaults([]));
afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => registry.close(resolve));
});

const fileInputs = { 'task-definition': 'task-definition.json' };

async function activeRevisions(family: string): Promise<string[]> {
  const listed = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE' }));
  return listed.taskDefinitionArns ?? [];
}

describe('deploy-ecs: AWS weather and repeat runs', () => {
  it('rides out a throttling storm (half of all calls throttled for 10 s)', async () => {
    await steadyService(ecs, 'storm');
    // The storm's 10 s are real time: they start when deploy-ecs begins its pre-flight (its first
    // calls), not before its process is up, so a slow start cannot use them up.
    let stormed = false;
    const run = await deployStep(
      emulator,
      { service: 'storm', ...fileInputs },
      {
        workspace: workspaceWith('storm', 'shop/storm:slowish'),
        onLine: (_stage, _stream, line) => {
          if (stormed || !line.includes('Pre-flight')) return;
          stormed = true;
          emulator.setFaults([
            { operation: '*', type: 'throttle', probability: 0.5, seed: 1, forSeconds: 10 },
          ]);
        },
      },
    );
    expect(run.errors).toEqual([]);
    expect(run.outputs['rollout-state']).toBe('COMPLETED');
    const [storm] = emulator.state().faults as { fired: number; matchedCalls: number }[];
    expect(storm!.fired).toBeGreaterThanOrEqual(3); // the SDK retried them; none was fatal
    expect(storm!.fired).toBeLessThan(storm!.matchedCalls);
  }, 30_000);

  it('rides out 5xx bursts and dropped connections', async () => {
    await steadyService(ecs, 'weather');
    emulator.setFaults([
      { operation: '*', type: 'server-error', every: 3 },
      { operation: 'DescribeServices', type: 'drop', every: 4 },
    ]);
    const run = await deployStep(
      emulator,
      { service: 'weather', ...fileInputs },
      { workspace: workspaceWith('weather', 'shop/weather:v2') },
    );
    expect(run.errors).toEqual([]);
    expect(run.outputs['rollout-state']).toBe('COMPLETED');
    expect((await describeService(ecs, 'weather')).taskDefinition).toBe(run.outputs['task-definition-arn']);
  }, 30_000);

  it('a re-run with an unchanged task definition registers nothing and starts no deployment', async () => {
    await steadyService(ecs, 'again');
    const workspace = workspaceWith('again', 'shop/again:v2');
    const first = await deployStep(emulator, { service: 'again', ...fileInputs }, { workspace });
    const second = await deployStep(emulator, { service: 'again', ...fileInputs }, { workspace });
    expect(second.exitCode).toBe(0);
    expect(second.outputs['task-definition-arn']).toBe(first.outputs['task-definition-arn']);
    expect(second.outputs['deployment-id']).toBe(first.outputs['deployment-id']);
    expect(second.log).toContain('reused');
    expect(JSON.parse(second.outputs.services!)[0].newDeployment).toBe(false);
    expect(await activeRevisions('again')).toHaveLength(2);
  });

  it('one registration serves three services', async () => {
    for (const name of ['trio-a', 'trio-b', 'trio-c']) await steadyService(ecs, name);
    const run = await deployStep(
      emulator,
      { service: 'trio-a, trio-b\ntrio-c', ...fileInputs },
      { workspace: workspaceWith('trio-a', 'shop/trio:v2') },
    );
    expect(run.exitCode).toBe(0);
    const services = JSON.parse(run.outputs.services!);
    expect(
      services.map((s: { service: string; rolloutState: string }) => [s.service, s.rolloutState]),
    ).toEqual([
      ['trio-a', 'COMPLETED'],
      ['trio-b', 'COMPLETED'],
      ['trio-c', 'COMPLETED'],
    ]);
    for (const name of ['trio-a', 'trio-b', 'trio-c']) {
      expect((await describeService(ecs, name)).taskDefinition).toBe(run.outputs['task-definition-arn']);
    }
    expect(await activeRevisions('trio-a')).toHaveLength(2);
  });

  it('keep-revisions deregisters old revisions but never the one in use or the rollback target', async () => {
    for (let i = 0; i < 4; i++) await registerApp(ecs, 'tidy', `shop/tidy:old${i}`);
    const rollbackTarget = await steadyService(ecs, 'tidy');
    const run = await deployStep(
      emulator,
      { service: 'tidy', ...fileInputs, 'keep-revisions': '1' },
      { workspace: workspaceWith('tidy', 'shop/tidy:v2') },
    );
    expect(run.exitCode).toBe(0);
    const active = await activeRevisions('tidy');
    expect(active.sort()).toEqual([rollbackTarget, run.outputs['task-definition-arn']].sort());
    expect(run.summary).toContain('Deregistered old revisions');
  });

  it('deploys an existing revision by ARN, and the latest of a family with a new image', async () => {
    const first = await steadyService(ecs, 'pick');
    const second = await registerApp(ecs, 'pick', 'shop/pick:v2');
    const byArn = await deployStep(emulator, { service: 'pick', 'task-definition-arn': second });
    expect(byArn.outputs['rollout-state']).toBe('COMPLETED');
    expect(byArn.outputs['task-definition-arn']).toBe(second);
    expect(byArn.outputs['previous-task-definition-arn']).toBe(first);
    const byFamily = await deployStep(emulator, {
      service: 'pick',
      'task-definition-family': 'pick',
      'container-images': 'app=shop/pick:v3',
      'container-env': 'app:GREETING=hello\napp:EMPTY=',
    });
    expect(byFamily.outputs['rollout-state']).toBe('COMPLETED');
    expect(byFamily.outputs['task-definition-arn']).toMatch(/pick:3$/);
    expect((await activeRevisions('pick')).length).toBe(3);
  });

  it('an image the registry does not have: CannotPullContainerError, FAILED, rolled back', async () => {
    const previous = await steadyService(ecs, 'ghost', { rollback: false });
    const run = await deployStep(
      emulator,
      { service: 'ghost', ...fileInputs },
      { workspace: workspaceWith('ghost', `${registryHost}/shop/ghost:typo`) },
    );
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('FAILED');
    expect(run.errors.join('\n')).toContain('CannotPullContainerError');
    expect(run.outputs['rolled-back']).toBe('true');
    expect((await describeService(ecs, 'ghost')).taskDefinition).toBe(previous);
  });

  it('warns before waiting when the credentials expire before the deadline', async () => {
    await steadyService(ecs, 'expiring');
    const expiration = new Date(Date.now() + 5 * 60_000).toISOString();
    const run = await deployStep(
      emulator,
      { service: 'expiring', ...fileInputs },
      {
        workspace: workspaceWith('expiring', 'shop/expiring:v2'),
        env: { AWS_CREDENTIAL_EXPIRATION: expiration },
      },
    );
    expect(run.exitCode).toBe(0);
    expect(run.warnings.join('\n')).toMatch(
      /AWS credentials expire in \d+m \d\ds .* before this step's deadline/,
    );
  });
});
