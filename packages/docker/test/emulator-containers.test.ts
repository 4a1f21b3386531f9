// The ECS emulator with real containers (runContainers), on a fixture app built on the local base
// image and pushed to a real registry: a healthy service answers through the load balancer from
// its container; a command that exits 1 stops its task with exit code 1; failing health checks
// (the container's, the load balancer's) make tasks UNHEALTHY and replaced; nothing is left behind.
// Lives here because this package has the base image, the registry and the emulator together.
// Waits are on states (bounded generously), never on sleeps: the verdicts do not depend on speed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsCall, type WireJson } from '@shipline/ecs-emulator/testing';
import {
  describeWithDocker,
  registryDigest,
  removeImages,
  startRegistry,
  type TestRegistry,
} from '@shipline/local-services/testing';
import { ensureNodeBaseImage } from '../src/base-image/node-base-image.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/container-app', import.meta.url));
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app/1';
const cluster = `containers-${process.pid}`;
const WAIT_MS = 90_000;

let registry: TestRegistry;
let emulator: EmulatorHandle;
/** The healthy service's task: its container must outlive another emulator's start. */
let healthyTask = '';
const ecs = (operation: string, body: WireJson) => ecsCall(emulator, operation, body);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function tasksOf(service: string, desiredStatus: 'RUNNING' | 'STOPPED'): Promise<WireJson[]> {
  const list = await ecs('ListTasks', { cluster, serviceName: service, desiredStatus });
  if (list.taskArns.length === 0) return [];
  return (await ecs('DescribeTasks', { cluster, tasks: list.taskArns })).tasks as WireJson[];
}

async function createService(service: string, container: WireJson, balanced = true): Promise<void> {
  const definition = await ecs('RegisterTaskDefinition', {
    family: service,
    containerDefinitions: [
      {
        name: 'app',
        image: `${ECR}/fixture:1`,
        essential: true,
        portMappings: [{ containerPort: 3000 }],
        ...container,
      },
    ],
  });
  await ecs('CreateService', {
    cluster,
    serviceName: service,
    taskDefinition: definition.taskDefinition.taskDefinitionArn,
    desiredCount: 1,
    ...(balanced
      ? { loadBalancers: [{ targetGroupArn: TARGET_GROUP, containerName: 'app', containerPort: 3000 }] }
      : {}),
  });
}

/** Containers of this test's tasks, by the task ARN label the emulator puts on each. */
function ourContainers(): string[] {
  const listed = spawnSync(
    'docker',
    [
      'ps',
      '-a',
      '--filter',
      'label=org.shipline.ecs-emulator.task-arn',
      '--format',
      '{{.Label "org.shipline.ecs-emulator.task-arn"}}',
    ],
    { encoding: 'utf8' },
  );
  return listed.stdout.split('\n').filter((arn) => arn.includes(`:task/${cluster}/`));
}

const wgetHealth = {
  command: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:3000/health || exit 1'],
  interval: 5,
  retries: 2,
};

describeWithDocker(
  'ECS emulator with real containers',
  () => {
    beforeAll(async () => {
      await ensureNodeBaseImage();
      registry = await startRegistry();
      const image = `${registry.host}/fixture:1`;
      const config = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-config-'));
      const run = (args: string[], input?: string) => {
        const result = spawnSync('docker', ['--config', config, ...args], {
          encoding: 'utf8',
          input,
          env: { ...process.env, DOCKER_BUILDKIT: '0' },
          timeout: 300_000,
        });
        if (result.status !== 0) throw new Error(`docker ${args[0]} failed: ${result.stderr}`);
      };
      run(['build', '-q', '-t', image, FIXTURE]);
      run(['login', registry.host, '--username', registry.username, '--password-stdin'], registry.password);
      run(['push', image]);
      fs.rmSync(config, { recursive: true, force: true });
      removeImages(`${registry.host}/`); // the emulator must pull it from the registry
      emulator = await startEmulator({
        clockScale: 20,
        registry: { url: registry.url, username: registry.username, password: registry.password },
        runContainers: { withoutDaemon: 'fail', targetHealthCheck: { path: '/health', intervalSeconds: 5 } },
      });
      await ecs('CreateCluster', { clusterName: cluster });
    }, 600_000);

    afterAll(async () => {
      await emulator?.close();
      await registry?.stop();
      removeImages(`${registry?.host}/`);
    });

    it('runs a healthy image to RUNNING/HEALTHY, and the load balancer answers from its container', async () => {
      expect(emulator.containers.mode).toBe('containers');
      await createService('healthy', {
        environment: [{ name: 'APP_VERSION', value: '1.4.2' }],
        healthCheck: wgetHealth,
      });
      const [task] = await waitFor('a HEALTHY task', async () => {
        const tasks = await tasksOf('healthy', 'RUNNING');
        return tasks.some((t) => t.lastStatus === 'RUNNING' && t.healthStatus === 'HEALTHY')
          ? tasks
          : undefined;
      });
      expect(task!.containers[0].healthStatus).toBe('HEALTHY');
      const answer = await fetch(`${emulator.loadBalancerUrl(cluster, 'healthy')}/orders?page=2`, {
        method: 'POST',
        body: '{}',
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-app-version')).toBe('1.4.2');
      expect(await answer.json()).toMatchObject({
        app: 'fixture',
        version: '1.4.2',
        method: 'POST',
        path: '/orders?page=2',
      });
      expect(ourContainers()).toContain(task!.taskArn);
      healthyTask = task!.taskArn;
      const service = await waitFor('the rollout to complete', async () => {
        const described = (await ecs('DescribeServices', { cluster, services: ['healthy'] })).services[0];
        return described.deployments[0].rolloutState === 'COMPLETED' ? described : undefined;
      });
      expect(service.runningCount).toBe(1);
    });

    it('proxies to the first container port of a service without a load balancer', async () => {
      await createService('unbalanced', { environment: [{ name: 'APP_VERSION', value: '0.9.0' }] }, false);
      // With no check at all, the task is in service once RUNNING, before the app listens: 502 until it does.
      const answer = await waitFor('an answer from the app', async () => {
        const res = await fetch(`${emulator.loadBalancerUrl(cluster, 'unbalanced')}/health`);
        return res.status === 200 ? res : undefined;
      });
      expect(await answer.json()).toMatchObject({ app: 'fixture', version: '0.9.0', path: '/health' });
      await ecs('UpdateService', { cluster, service: 'unbalanced', desiredCount: 0 });
    });

    it('pulls an image named by its digest (as build-and-push outputs it)', async () => {
      const digest = await registryDigest(registry, 'fixture', '1');
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      await createService('by-digest', { image: `${ECR}/fixture@${digest}` }, false);
      const task = await waitFor('a RUNNING task', async () =>
        (await tasksOf('by-digest', 'RUNNING')).find((t) => t.lastStatus === 'RUNNING'),
      );
      expect(task.containers[0].image).toBe(`${ECR}/fixture@${digest}`);
      await ecs('UpdateService', { cluster, service: 'by-digest', desiredCount: 0 });
    });

    it('stops a task whose command exits 1 with exit code 1, and removes its container', async () => {
      await createService(
        'crashing',
        { command: ['node', '-e', 'setTimeout(() => process.exit(1), 200)'] },
        false,
      );
      const stopped = await waitFor('a STOPPED task', async () => (await tasksOf('crashing', 'STOPPED'))[0]);
      expect(stopped).toMatchObject({
        lastStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
      });
      expect(stopped.containers[0].exitCode).toBe(1);
      await waitFor('its container to be removed', async () =>
        ourContainers().includes(stopped.taskArn) ? undefined : true,
      );
    });

    describe('failing health checks (both services started together)', () => {
      const cases: [string, WireJson, string][] = [
        [
          'container',
          { environment: [{ name: 'HEALTH', value: 'fail' }], healthCheck: wgetHealth },
          'Task failed container health checks',
        ],
        [
          'elb',
          { environment: [{ name: 'HEALTH', value: 'fail' }] },
          `Task failed ELB health checks in (target-group ${TARGET_GROUP})`,
        ],
      ];
      beforeAll(async () => {
        // Without a load balancer the container check alone decides (with one, whichever fails first).
        for (const [kind, container] of cases)
          await createService(`unhealthy-${kind}`, container, kind === 'elb');
      });

      it.each(cases)(
        'makes a task failing its %s health check UNHEALTHY, stops and replaces it',
        async (kind, _, reason) => {
          const service = `unhealthy-${kind}`;
          const stopped = await waitFor(
            'a task stopped for its health',
            async () => (await tasksOf(service, 'STOPPED'))[0],
          );
          expect(stopped).toMatchObject({
            healthStatus: 'UNHEALTHY',
            stopCode: 'ServiceSchedulerInitiated',
            stoppedReason: reason,
          });
          const replacement = await waitFor('a replacement task', async () =>
            (await tasksOf(service, 'RUNNING')).find((task) => task.taskArn !== stopped.taskArn),
          );
          expect(replacement.lastStatus).not.toBe('STOPPED');
          await ecs('UpdateService', { cluster, service, desiredCount: 0 });
        },
      );
    });

    it('removes containers an emulator that died left behind, and not those of one still running', async () => {
      const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
      const created = spawnSync(
        'docker',
        [
          'create',
          '--label',
          'org.shipline.ecs-emulator=dead',
          '--label',
          `org.shipline.ecs-emulator.pid=${gone.stdout.trim()}`,
          '--label',
          `org.shipline.ecs-emulator.host=${os.hostname()}`,
          'shipline/node:24',
        ],
        { encoding: 'utf8' },
      );
      const orphan = created.stdout.trim();
      expect(orphan).toMatch(/^[0-9a-f]{64}$/);
      const second = await startEmulator({ runContainers: { withoutDaemon: 'fail' } });
      await second.close();
      expect(second.containers.reason).toMatch(/\(removed [1-9]\d* left by an emulator that did not close\)/);
      expect(spawnSync('docker', ['inspect', orphan]).status).not.toBe(0);
      expect(ourContainers()).toContain(healthyTask);
    });

    it('removes its containers on reset (POST /_emulator/reset)', async () => {
      expect(ourContainers().length).toBeGreaterThan(0);
      const reset = await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
      expect(reset.status).toBe(200);
      await waitFor('the containers to be removed', async () =>
        ourContainers().length === 0 ? true : undefined,
      );
      await ecs('CreateCluster', { clusterName: cluster });
    });

    it('leaves no container behind when it closes', async () => {
      await createService('last', {}, false);
      await waitFor('a RUNNING task', async () =>
        (await tasksOf('last', 'RUNNING')).find((task) => task.lastStatus === 'RUNNING'),
      );
      expect(ourContainers().length).toBeGreaterThan(0);
      await emulator.close();
      expect(ourContainers()).toEqual([]);
    });
  },
  { registry: true },
);
