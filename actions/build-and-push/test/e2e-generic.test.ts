// End to end through the bundled dist/ and the harness, against the real dockerd and a real
// htpasswd-protected docker-registry on loopback: build FROM scratch, push, digest, skip, post.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { expectNoLeaks } from '@shipline/action-harness';
import {
  createWorkspace,
  describeWithDocker,
  fakeDocker,
  registryDigest,
  removeImages,
  startRegistry,
  type TestRegistry,
  type TestWorkspace,
} from '@shipline/local-services/testing';
import {
  dockerConfigAuths,
  openedBuildGroup,
  randomSha,
  runBuildAndPush,
  stageLog,
  subcommands,
  tempDir,
  type Runner,
} from './helpers.js';

let registry: TestRegistry;
let workspace: TestWorkspace;
let runner: Runner;

describeWithDocker('build-and-push with a password-protected registry (bundled dist, real dockerd)', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    workspace = createWorkspace();
    runner = { docker: fakeDocker(), dockerConfig: tempDir('docker-config-'), workspace: workspace.dir };
  });
  afterEach(() => runner.docker.reset());
  afterAll(async () => {
    removeImages(`${registry.host}/`);
    await registry.stop();
    workspace.remove();
    runner.docker.remove();
    fs.rmSync(runner.dockerConfig, { recursive: true, force: true });
  });

  const login = () => ({ username: registry.username, password: registry.password });
  const sha = randomSha();
  // Moving tags, asked for (the default holds only {{sha}} and {{semver}}: immutable-tags.test.ts).
  const moving = '{{sha}}\n{{branch}}\n{{semver}}\nlatest';

  it('builds FROM scratch, pushes every tag and outputs the digest the registry stores', async () => {
    const result = await runBuildAndPush(
      runner,
      { image: `${registry.host}/shop/web`, ...login(), tags: moving, labels: 'com.example.team=payments' },
      { sha, secrets: [registry.password] },
    );
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const stored = await registryDigest(registry, 'shop/web', sha);
    expect(stored).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.outputs.digest).toBe(stored);
    expect(result.outputs['image-ref']).toBe(`${registry.host}/shop/web@${stored}`);
    expect(result.outputs.image).toBe(`${registry.host}/shop/web`);
    expect(JSON.parse(result.outputs.tags as string)).toEqual([
      `${registry.host}/shop/web:${sha}`,
      `${registry.host}/shop/web:main`,
      `${registry.host}/shop/web:latest`,
    ]);
    expect(await registryDigest(registry, 'shop/web', 'main')).toBe(stored);
    expect(await registryDigest(registry, 'shop/web', 'latest')).toBe(stored);
    expect(result.outputs.skipped).toBe('false');
    const metadata = JSON.parse(result.outputs.metadata as string);
    expect(metadata).toMatchObject({
      digest: stored,
      skipped: false,
      pushed: true,
      builder: { kind: 'classic' },
      registryType: 'generic',
      labels: {
        'org.opencontainers.image.revision': sha,
        'org.opencontainers.image.source': 'https://github.com/acme/shop',
        'org.opencontainers.image.version': 'main',
        'com.example.team': 'payments',
      },
    });
    expect(metadata.sizeBytes).toBeGreaterThan(0);
    // The docker calls: detection, login with the password on stdin, one build, one push per tag.
    expect(subcommands(runner.docker)).toEqual([
      'buildx',
      'login',
      'build',
      'push',
      'push',
      'push',
      'logout',
    ]);
    const loginCall = runner.docker.calls().find((args) => args[0] === 'login') as string[];
    expect(loginCall).toContain('--password-stdin');
    expect(loginCall.join(' ')).not.toContain(registry.password);
    expect(openedBuildGroup(result)).toBe(true);
    expect(result.summary).toContain(stored);
    expect(result.summary).toContain('classic docker build');
    // The post step logged out again: no credentials stay in the docker config.
    expect(stageLog(result, 'post')).toContain(`Logged out of ${registry.host}`);
    expect(dockerConfigAuths(runner.dockerConfig)).toEqual({});
    expectNoLeaks(result);
  });

  it('re-run of the same commit: skipped=true, the same digest, nothing built or pushed', async () => {
    const stored = await registryDigest(registry, 'shop/web', sha);
    const result = await runBuildAndPush(
      runner,
      { image: `${registry.host}/shop/web`, ...login() },
      { sha, secrets: [registry.password] },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs.skipped).toBe('true');
    expect(result.outputs.digest).toBe(stored);
    expect(result.outputs['image-ref']).toBe(`${registry.host}/shop/web@${stored}`);
    expect(subcommands(runner.docker)).toEqual(['buildx', 'login', 'logout']);
    expect(openedBuildGroup(result)).toBe(false);
    expect(result.summary).toContain('skipped');
    expectNoLeaks(result);
  });

  it('a skipped run on another branch points that branch tag at the existing image', async () => {
    const stored = await registryDigest(registry, 'shop/web', sha);
    expect(await registryDigest(registry, 'shop/web', 'release-2.0')).toBeUndefined();
    const result = await runBuildAndPush(
      runner,
      { image: `${registry.host}/shop/web`, ...login(), tags: moving },
      { sha, ref: 'refs/heads/release/2.0', secrets: [registry.password] },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs.skipped).toBe('true');
    expect(await registryDigest(registry, 'shop/web', 'release-2.0')).toBe(stored);
    expect(JSON.parse(result.outputs.tags as string)).toEqual([
      `${registry.host}/shop/web:${sha}`,
      `${registry.host}/shop/web:release-2.0`,
    ]);
    expect(JSON.parse(result.outputs.metadata as string).retagged).toEqual(['release-2.0']);
  });

  it('a wrong password fails clearly, naming the problem, before anything is built', async () => {
    const result = await runBuildAndPush(
      runner,
      { image: `${registry.host}/shop/web`, username: registry.username, password: 'not-the-password' },
      { secrets: ['not-the-password'] },
    );
    expect(result.exitCode).toBe(1);
    const error = result.errors.join('\n');
    expect(error).toContain(`Could not log in to ${registry.host} as "${registry.username}"`);
    expect(error).toContain('the registry refused the username or password');
    expect(subcommands(runner.docker)).not.toContain('build');
    expect(openedBuildGroup(result)).toBe(false);
    expect(result.outputs.digest).toBeUndefined();
    expectNoLeaks(result);
  });

  it('push: false builds only, loads the image locally and needs no registry', async () => {
    workspace.touch();
    const localSha = randomSha();
    const result = await runBuildAndPush(
      runner,
      { image: `${registry.host}/local-only`, push: 'false' },
      { sha: localSha },
    );
    expect(result.exitCode).toBe(0);
    expect(subcommands(runner.docker)).toEqual(['buildx', 'build']);
    expect(result.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.outputs['image-ref']).toBe(`${registry.host}/local-only:${localSha}`);
    expect(JSON.parse(result.outputs.metadata as string).digestSource).toBe('local-image-id');
    expect(await registryDigest(registry, 'local-only', localSha)).toBeUndefined();
  });
});
