// docs/troubleshooting.md against the action: every entry marked reproduced is played on the local
// ECS emulator with the bundled deploy-ecs, and each line the page quotes under "Shipline prints"
// must be a line deploy-ecs really printed (`…` stands for what changes from run to run).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { runAction, type RunResult } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { createAppService, ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { explainPushFailure } from '../packages/docker/src/index.js';
import { repoRoot } from '../scripts/lib/actions.js';
import { entries, expectQuoted, page, printedBy } from './support/troubleshooting-page.js';

const SERVICE = 'shop-production';

let emulator: EmulatorHandle;
let registry: http.Server;
let registryHost = '';
beforeAll(async () => {
  // A registry that has no image at all: every pull of an image on its host is "not found".
  registry = http.createServer((_request, response) => {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryHost = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
  emulator = await startTestEmulator({
    registry: { url: `http://${registryHost}` },
    scenarios: [
      { image: '*:oom', behaviour: 'crash-on-start', exitCode: 137 },
      { image: '*:crash', behaviour: 'crash-on-start', exitCode: 1 },
      { image: '*:sick', unhealthyAfter: 0 },
      { image: '*:flaky', unhealthyAfter: 20 },
      { image: '*:slow', slowStart: 30_000 },
    ],
  });
});
afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => registry.close(resolve));
});
beforeEach(() => emulator.reset());

/** The production service running shop:v1, then deploy-ecs of `image` as the reusable workflow runs it. */
async function deploy(
  image: string,
  inputs: Record<string, string> = {},
  {
    cluster = 'shop',
    faults = [],
  }: { cluster?: string; faults?: Parameters<EmulatorHandle['setFaults']>[0] } = {},
): Promise<RunResult> {
  await createAppService(ecsClient(emulator), {
    cluster: 'shop',
    service: SERVICE,
    image: 'shop:v1',
    desiredCount: 2,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      minimumHealthyPercent: 100,
      maximumPercent: 200,
    },
  });
  emulator.setFaults(faults); // after the set-up, which they would hit too
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'troubleshooting-'));
  fs.writeFileSync(
    path.join(workspace, 'task-definition.json'),
    JSON.stringify({
      family: SERVICE,
      containerDefinitions: [
        { name: 'app', image, essential: true, portMappings: [{ containerPort: 3000 }] },
      ],
    }),
  );
  try {
    return await runAction({
      actionDir: path.join(repoRoot, 'actions/deploy-ecs'),
      inputs: { cluster, service: SERVICE, 'task-definition': 'task-definition.json', ...inputs },
      env: emulator.env,
      workspace,
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

describe('docs/troubleshooting.md', () => {
  it('has the fifteen entries, each with a fix, listed in its table', () => {
    const all = entries();
    expect(all.map((e) => e.number)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    for (const e of all) {
      expect(e.quoted.length).toBeGreaterThan(0);
      expect(page).toContain(`| ${e.number} `);
    }
    const sections = page.split(/^## /m).slice(1);
    for (const section of sections) expect(section).toMatch(/\*\*Fix\.\*\*/);
  });

  it('every reproduction key the page names is played below', () => {
    const keys = entries()
      .map((e) => e.reproduced)
      .filter(Boolean);
    expect(keys.sort()).toEqual(
      [
        'bake',
        'crash',
        'denied',
        'immutable',
        'no-cluster',
        'oom',
        'pull',
        'sick',
        'slow',
        'throttle',
      ].sort(),
    );
  });
});

describe('each reproduced failure prints what the page quotes', () => {
  it('1. exit 137', async () => {
    const run = await deploy('shop:oom');
    expect(run.exitCode).toBe(1);
    expectQuoted('oom', printedBy(run));
  });

  it('2. the container exits at start', async () => {
    const run = await deploy('shop:crash');
    expect(run.exitCode).toBe(1);
    expectQuoted('crash', printedBy(run));
  });

  it('3. CannotPullContainerError: an image the registry does not have', async () => {
    const run = await deploy(`${registryHost}/shop:missing`);
    expect(run.exitCode).toBe(1);
    expectQuoted('pull', printedBy(run));
  });

  it('5. container health checks fail', async () => {
    const run = await deploy('shop:sick');
    expect(run.exitCode).toBe(1);
    expectQuoted('sick', printedBy(run));
  });

  it('7. healthy at first, unhealthy during the bake', async () => {
    const run = await deploy('shop:flaky', { 'bake-time': '2m' });
    expect(run.exitCode).toBe(1);
    expectQuoted('bake', printedBy(run));
  });

  it('8. the deployment timed out, and was rolled back', async () => {
    const run = await deploy('shop:slow', { timeout: '10s' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('TIMED_OUT');
    expectQuoted('slow', printedBy(run));
  });

  it('9. throttling: a burst is retried silently; a storm until the deadline prints the quoted line', async () => {
    const burst = await deploy(
      'shop:v2',
      {},
      { faults: [{ operation: 'DescribeServices', type: 'throttle', count: 4 }] },
    );
    expect(burst.exitCode).toBe(0);
    expect(burst.errors).toEqual([]);
    emulator.reset();
    const storm = await deploy(
      'shop:v2',
      { timeout: '10s' },
      { faults: [{ operation: '*', type: 'throttle' }] },
    );
    expect(storm.exitCode).toBe(1);
    expectQuoted('throttle', printedBy(storm));
  });

  it('10. the deploy role may not call UpdateService', async () => {
    const run = await deploy(
      'shop:v2',
      {},
      { faults: [{ operation: 'UpdateService', type: 'access-denied' }] },
    );
    expect(run.exitCode).toBe(1);
    expectQuoted('denied', printedBy(run));
  });

  it('12. the cluster is not there', async () => {
    const run = await deploy('shop:v2', {}, { cluster: SERVICE });
    expect(run.exitCode).toBe(1);
    expectQuoted('no-cluster', printedBy(run));
  });

  it('15. an immutable tag: what build-and-push makes of ECR’s refusal', () => {
    const ecr =
      "tag invalid: The image tag 'main' already exists in the 'shop' repository and cannot be overwritten because the repository is immutable.";
    expectQuoted('immutable', explainPushFailure(`The push refers to repository [x/shop]\n${ecr}\n`));
  });
});
