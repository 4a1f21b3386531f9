// The runContainers option without a daemon (tasks stay simulated and the handle says why, or the
// start is refused), its CLI flags, and how a task definition becomes a container: environment,
// command, ports on 127.0.0.1, and health check intervals mapped from simulated to real seconds.
// Runs with real containers: packages/docker/test/emulator-containers.test.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { parseCliArgs, UsageError } from '../src/cli-args.js';
import { createSpec, dockerHealthcheck, realSeconds } from '../src/containers/container-spec.js';
import { matches, resolveTargetHealthCheck, TargetHealth } from '../src/containers/target-health.js';
import { startEmulator } from '../src/index.js';
import { ecsClient, createAppService, describeService, waitFor } from '../src/testing.js';

const NS = 1_000_000_000;

describe('runContainers without a Docker daemon', () => {
  it('keeps tasks simulated and says why; the service still rolls out', async () => {
    const emulator = await startEmulator({
      clockScale: 400,
      runContainers: { dockerSocket: '/nonexistent/docker.sock' },
    });
    try {
      expect(emulator.containers.mode).toBe('simulated');
      expect(emulator.state().containers).toEqual(emulator.containers);
      expect(emulator.containers.reason).toMatch(
        /^tasks are simulated: no Docker daemon at \/nonexistent\/docker.sock/,
      );
      const ecs = ecsClient(emulator);
      await createAppService(ecs, { service: 'web', image: 'app:1', desiredCount: 1 });
      await waitFor('a running task', async () => (await describeService(ecs, 'web')).runningCount === 1);
      ecs.destroy();
    } finally {
      await emulator.close();
    }
  });

  it("refuses to start with withoutDaemon: 'fail'", async () => {
    await expect(
      startEmulator({ runContainers: { dockerSocket: '/nonexistent/docker.sock', withoutDaemon: 'fail' } }),
    ).rejects.toThrow(/run containers: no Docker daemon at \/nonexistent\/docker.sock/);
  });

  it('says tasks are simulated when the option is off', async () => {
    const emulator = await startEmulator({});
    expect(emulator.containers).toEqual({
      mode: 'simulated',
      reason: 'tasks are simulated (run containers is off)',
    });
    await emulator.close();
  });
});

describe('--run-containers flags', () => {
  it('reads the flags into the option', () => {
    expect(parseCliArgs(['--run-containers'])).toMatchObject({ runContainers: {} });
    expect(
      parseCliArgs(['--run-containers', '--require-docker', '--target-health-path', '/health']),
    ).toMatchObject({
      runContainers: { withoutDaemon: 'fail', targetHealthCheck: { path: '/health' } },
    });
  });

  it('rejects a health path without a slash and the sub-flags without --run-containers', () => {
    expect(() => parseCliArgs(['--run-containers', '--target-health-path', 'health'])).toThrow(
      /--target-health-path must start with \/, e.g. \/health/,
    );
    expect(() => parseCliArgs(['--require-docker'])).toThrow(UsageError);
  });
});

describe('a task definition as a container', () => {
  it('maps intervals by the clock scale (at least 1 s) and keeps timeouts real', () => {
    expect(realSeconds(30, 20)).toBe(1.5);
    expect(realSeconds(30, 400)).toBe(1);
    expect(
      dockerHealthcheck(
        { command: ['CMD-SHELL', 'exit 0'], interval: 10, timeout: 4, retries: 2, startPeriod: 60 },
        2,
      ),
    ).toEqual({
      Test: ['CMD-SHELL', 'exit 0'],
      Interval: 5 * NS,
      Timeout: 4 * NS,
      Retries: 2,
      StartPeriod: 30 * NS,
    });
    expect(dockerHealthcheck({ command: ['CMD', 'true'] }, 1)).toEqual({
      Test: ['CMD', 'true'],
      Interval: 30 * NS,
      Timeout: 5 * NS,
      Retries: 3,
      StartPeriod: 0,
    });
    expect(dockerHealthcheck(undefined, 1)).toBeUndefined();
    // The start period is at least the real startup allowance: an app's start is real time.
    expect(dockerHealthcheck({ command: ['CMD', 'true'] }, 20, 10)).toMatchObject({ StartPeriod: 10 * NS });
    expect(dockerHealthcheck({ command: ['CMD', 'true'], startPeriod: 400 }, 20, 10)).toMatchObject({
      StartPeriod: 20 * NS,
    });
  });

  it('carries environment, command, entry point and tcp ports published on 127.0.0.1 only', () => {
    const spec = createSpec({
      container: {
        name: 'app',
        environment: [{ name: 'APP_VERSION', value: '2.0.0' }],
        command: ['node', 'server.js'],
        entryPoint: ['/bin/sh', '-c'],
        portMappings: [{ containerPort: 3000 }, { containerPort: 5353, protocol: 'udp' }],
      },
      image: '127.0.0.1:5000/app:2',
      taskArn: 'arn:task',
      emulatorId: 'emu-1',
      name: 'shipline-app-1',
      scale: 20,
      startupSeconds: 10,
    });
    expect(spec).toMatchObject({
      Image: '127.0.0.1:5000/app:2',
      Env: ['APP_VERSION=2.0.0'],
      Cmd: ['node', 'server.js'],
      Entrypoint: ['/bin/sh', '-c'],
      ExposedPorts: { '3000/tcp': {} },
      Labels: { 'org.shipline.ecs-emulator': 'emu-1', 'org.shipline.ecs-emulator.task-arn': 'arn:task' },
      HostConfig: { PortBindings: { '3000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
    });
    expect(spec).not.toHaveProperty('Healthcheck');
  });

  it("checks targets as an ALB does by default, and matches codes like '200,202' and '200-299'", () => {
    expect(resolveTargetHealthCheck()).toEqual({
      path: '/',
      intervalSeconds: 30,
      timeoutSeconds: 5,
      healthyThreshold: 5,
      unhealthyThreshold: 2,
      matcher: '200',
    });
    expect(matches('200', 200)).toBe(true);
    expect(matches('200', 204)).toBe(false);
    expect(matches('200,202', 202)).toBe(true);
    expect(matches('200-299', 299)).toBe(true);
    expect(matches('200-299', 301)).toBe(false);
  });
});

describe('the load balancer check of a new target', () => {
  /** A target answering 500 to every check, and the number of checks it got. */
  async function failingTarget() {
    let checks = 0;
    const server = createServer((_req, res) => {
      checks++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      port: (server.address() as AddressInfo).port,
      checks: () => checks,
      close: () => server.close(),
    };
  }
  const check = resolveTargetHealthCheck({ path: '/health', intervalSeconds: 1 });

  it('does not count failures during the startup allowance, and does after it', async () => {
    const target = await failingTarget();
    const starting = new TargetHealth(target.port, check, { scale: 1, startupSeconds: 600 }, () => {});
    await waitFor('three failed checks', () => target.checks() >= 3, 30_000);
    expect(starting.state).toBe('initial');
    starting.stop();
    const started = new TargetHealth(target.port, check, { scale: 1, startupSeconds: 0 }, () => {});
    await waitFor('the target to turn unhealthy', () => started.state === 'unhealthy', 30_000);
    started.stop();
    target.close();
  });
});
