// End to end through the bundled dist/: ECR login through the emulator's GetAuthorizationToken
// (pointing at a real authenticated registry), push retries against injected registry failures,
// and the build caches of the classic builder.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { expectNoLeaks } from '@shipline/action-harness';
import {
  createWorkspace,
  describeWithDocker,
  fakeDocker,
  registryDigest,
  removeImages,
  startFaultProxy,
  startRegistry,
  type TestRegistry,
  type TestWorkspace,
} from '@shipline/local-services/testing';
import { startEmulator, type EmulatorHandle } from '@shipline/ecs-emulator';
import {
  openedBuildGroup,
  randomSha,
  runBuildAndPush,
  stageLog,
  subcommands,
  tempDir,
  type Runner,
} from './helpers.js';

let registry: TestRegistry;
let emulator: EmulatorHandle;
let workspace: TestWorkspace;
let runner: Runner;

describeWithDocker('build-and-push with ECR, retries and caches (bundled dist, real dockerd)', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    emulator = await startEmulator({
      port: 0,
      registry: { url: registry.url, username: registry.username, password: registry.password },
    });
    workspace = createWorkspace();
    runner = { docker: fakeDocker(), dockerConfig: tempDir('docker-config-'), workspace: workspace.dir };
  });
  afterEach(() => runner.docker.reset());
  afterAll(async () => {
    removeImages(`${registry.host}/`);
    await emulator.close();
    await registry.stop();
    workspace.remove();
    runner.docker.remove();
    fs.rmSync(runner.dockerConfig, { recursive: true, force: true });
  });

  it('logs in with the ECR token, masks it, pushes, and skips the same commit by DescribeImages', async () => {
    const sha = randomSha();
    const inputs = { image: `${registry.host}/ecr/app`, 'registry-type': 'ecr' };
    // No `secrets`: the action itself must mask what GetAuthorizationToken hands out.
    const first = await runBuildAndPush(runner, inputs, { sha, env: emulator.env });
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    const stored = await registryDigest(registry, 'ecr/app', sha);
    expect(first.outputs.digest).toBe(stored);
    expect(first.outputs['image-ref']).toBe(`${registry.host}/ecr/app@${stored}`);
    expect(JSON.parse(first.outputs.metadata as string).registryType).toBe('ecr');
    const token = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
    expect(first.masked).toEqual(expect.arrayContaining([token, registry.password]));
    // Registered with ::add-mask:: (that line carries it) and never printed anywhere else.
    const printed = first.stages
      .flatMap((stage) => `${stage.stdout}\n${stage.stderr}`.split('\n'))
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(printed).not.toContain(registry.password);
    expect(printed).not.toContain(token);
    expectNoLeaks(first);
    expect(stageLog(first, 'post')).toContain(`Logged out of ${registry.host}`);
    expect(emulator.requestCount('GetAuthorizationToken')).toBeGreaterThanOrEqual(1);

    runner.docker.reset();
    const describedBefore = emulator.requestCount('DescribeImages');
    const again = await runBuildAndPush(runner, inputs, { sha, env: emulator.env });
    expect(again.exitCode).toBe(0);
    expect(again.outputs.skipped).toBe('true');
    expect(again.outputs.digest).toBe(stored);
    expect(emulator.requestCount('DescribeImages')).toBeGreaterThan(describedBefore);
    expect(subcommands(runner.docker)).not.toContain('build');
    expectNoLeaks(again);
  });

  it('fails clearly when GetAuthorizationToken is refused, before anything is built', async () => {
    emulator.setFaults([{ operation: 'GetAuthorizationToken', type: 'access-denied' }]);
    try {
      const result = await runBuildAndPush(
        runner,
        { image: `${registry.host}/ecr/app`, 'registry-type': 'ecr' },
        { env: emulator.env },
      );
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toMatch(/ECR GetAuthorizationToken failed \(AccessDeniedException/);
      expect(subcommands(runner.docker)).toEqual(['buildx']);
    } finally {
      emulator.setFaults([]);
    }
  });

  it('retries a push the registry answered with 503, and reports the digest it finally stored', async () => {
    const proxy = await startFaultProxy(registry.url, [
      { method: 'PUT', path: /\/manifests\//, status: 503, times: 1 },
    ]);
    try {
      workspace.touch();
      const sha = randomSha();
      const result = await runBuildAndPush(
        runner,
        {
          image: `${proxy.host}/retry/app`,
          username: registry.username,
          password: registry.password,
          tags: '{{sha}}',
        },
        { sha, secrets: [registry.password] },
      );
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(proxy.injected).toHaveLength(1);
      expect(result.warnings.join('\n')).toMatch(
        /docker push .* attempt 1 of 4 failed \(a transient registry error/,
      );
      expect(result.outputs.digest).toBe(await registryDigest(registry, 'retry/app', sha));
      expect(JSON.parse(result.outputs.metadata as string).pushAttempts).toBe(2);
      expectNoLeaks(result);
    } finally {
      await proxy.close();
      removeImages(`${proxy.host}/`);
    }
  });

  it('does not retry a push the registry refuses, and says why', async () => {
    const denied = JSON.stringify({
      errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }],
    });
    const proxy = await startFaultProxy(registry.url, [
      { method: 'PUT', path: /\/manifests\//, status: 403, body: denied, times: 100 },
    ]);
    try {
      workspace.touch();
      const result = await runBuildAndPush(
        runner,
        {
          image: `${proxy.host}/denied/app`,
          username: registry.username,
          password: registry.password,
          tags: '{{sha}}',
        },
        { secrets: [registry.password] },
      );
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toMatch(/docker push .* failed: access denied/);
      expect(subcommands(runner.docker).filter((c) => c === 'push')).toHaveLength(1);
    } finally {
      await proxy.close();
      removeImages(`${proxy.host}/`);
    }
  });

  it('a cancellation during push retries stops the step within seconds, and post still logs out', async () => {
    const proxy = await startFaultProxy(registry.url, [
      { method: 'PUT', path: /\/manifests\//, status: 503, times: 1000 },
    ]);
    try {
      workspace.touch();
      // Cancelled when the step says its first push failed: logged in, and retrying the push.
      const cancel = new AbortController();
      const result = await runBuildAndPush(
        runner,
        {
          image: `${proxy.host}/cancel/app`,
          username: registry.username,
          password: registry.password,
          retries: '10',
          tags: '{{sha}}',
        },
        {
          secrets: [registry.password],
          signal: cancel.signal,
          onLine: (stage, _stream, line) => {
            if (stage === 'main' && /docker push .* attempt 1 of 11 failed/.test(line)) cancel.abort();
          },
        },
      );
      expect(cancel.signal.aborted).toBe(true);
      expect(proxy.injected.length).toBeGreaterThanOrEqual(1);
      expect(result.conclusion).toBe('cancelled');
      // It stopped on the SIGINT itself: the runner's SIGTERM (7.5 s later) was never needed.
      expect(result.stages.find((s) => s.stage === 'main')?.signalsSent).toEqual(['SIGINT']);
      expect(result.errors.join('\n')).toContain('The run was cancelled (SIGINT) before the step finished.');
      expect(result.outputs.digest).toBeUndefined();
      expect(stageLog(result, 'post')).toContain(`Logged out of ${proxy.host}`);
    } finally {
      await proxy.close();
      removeImages(`${proxy.host}/`);
    }
  });

  it("cache 'registry' on the classic builder: a fresh daemon builds from the pushed :buildcache image", async () => {
    workspace.touch();
    const login = { username: registry.username, password: registry.password };
    const inputs = { image: `${registry.host}/cached/app`, ...login, cache: 'registry', tags: '{{sha}}' };
    const first = await runBuildAndPush(runner, inputs, { secrets: [registry.password] });
    expect(first.exitCode).toBe(0);
    expect(await registryDigest(registry, 'cached/app', 'buildcache')).toBe(first.outputs.digest);
    removeImages(`${registry.host}/cached/`); // as on a new runner: nothing local to build from
    runner.docker.reset();
    const second = await runBuildAndPush(runner, inputs, { secrets: [registry.password] });
    expect(second.exitCode).toBe(0);
    expect(subcommands(runner.docker)).toEqual(expect.arrayContaining(['pull', 'build']));
    const build = runner.docker.calls().find((args) => args[0] === 'build') as string[];
    expect(build.join(' ')).toContain(`--cache-from ${registry.host}/cached/app:buildcache`);
    expect(stageLog(second, 'main')).toMatch(/COPY hello\.txt \/hello\.txt\s+---> Using cache/);
  });

  it("cache 'local' without the runner's cache service warns and still builds", async () => {
    workspace.touch();
    const result = await runBuildAndPush(
      runner,
      {
        image: `${registry.host}/local/app`,
        username: registry.username,
        password: registry.password,
        cache: 'local',
      },
      { secrets: [registry.password] },
    );
    expect(result.exitCode).toBe(0);
    expect(result.warnings.join('\n')).toContain(
      "cache 'local': the runner's cache service is not available here",
    );
    expect(subcommands(runner.docker)).toContain('save');
    expect(openedBuildGroup(result)).toBe(true);
  });
});
