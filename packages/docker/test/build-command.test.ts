// The argument lists of both builders: tags, labels, build args, secrets, platforms, cache.
import { describe, expect, it } from '@jest/globals';
import {
  buildxBuildArgs,
  CLASSIC_BUILD_ENV,
  classicBuildArgs,
  classicPushArgs,
  type BuildSpec,
} from '../src/index.js';

const spec = (extra: Partial<BuildSpec> = {}): BuildSpec => ({
  context: '/ws',
  dockerfile: '/ws/Dockerfile',
  refs: ['r/app:abc', 'r/app:main'],
  labels: new Map([['org.opencontainers.image.revision', 'abc']]),
  buildArgs: new Map([
    ['NODE_VERSION', '24'],
    ['EMPTY', ''],
  ]),
  platforms: [],
  push: true,
  secretFiles: [],
  cacheFrom: [],
  cacheTo: [],
  ...extra,
});

describe('buildx arguments', () => {
  it('build, tag, label, build-arg, platforms, secrets, cache, metadata and push in one command', () => {
    const args = buildxBuildArgs(
      spec({
        target: 'runtime',
        platforms: ['linux/amd64', 'linux/arm64'],
        secretFiles: [{ id: 'npm_token', path: '/tmp/s/secret-0' }],
        cacheFrom: ['type=gha,scope=app'],
        cacheTo: ['type=gha,scope=app,mode=max,ignore-error=true'],
        metadataFile: '/tmp/m.json',
        iidFile: '/tmp/iid',
      }),
    );
    // prettier-ignore
    expect(args).toEqual([
      'buildx', 'build',
      '--file', '/ws/Dockerfile',
      '--tag', 'r/app:abc', '--tag', 'r/app:main',
      '--label', 'org.opencontainers.image.revision=abc',
      '--build-arg', 'NODE_VERSION=24', '--build-arg', 'EMPTY=',
      '--target', 'runtime',
      '--iidfile', '/tmp/iid',
      '--platform', 'linux/amd64,linux/arm64',
      '--secret', 'id=npm_token,src=/tmp/s/secret-0',
      '--cache-from', 'type=gha,scope=app',
      '--cache-to', 'type=gha,scope=app,mode=max,ignore-error=true',
      '--metadata-file', '/tmp/m.json',
      '--push',
      '/ws',
    ]);
  });

  it('without push: --load for one platform, nothing for several (the result stays in the cache)', () => {
    expect(buildxBuildArgs(spec({ push: false }))).toContain('--load');
    const multi = buildxBuildArgs(spec({ push: false, platforms: ['linux/amd64', 'linux/arm64'] }));
    expect(multi).not.toContain('--load');
    expect(multi).not.toContain('--push');
  });

  it('never puts a value where a flag could be read: every value follows its flag', () => {
    const args = buildxBuildArgs(spec({ buildArgs: new Map([['X', '--push']]), refs: ['r/app:--load'] }));
    expect(args[args.indexOf('X=--push') - 1]).toBe('--build-arg');
    expect(args[args.indexOf('r/app:--load') - 1]).toBe('--tag');
  });
});

describe('classic arguments', () => {
  it('docker build with one platform, image cache-from and the image id file', () => {
    const args = classicBuildArgs(
      spec({ platforms: ['linux/arm64'], cacheFrom: ['r/app:buildcache'], iidFile: '/tmp/iid' }),
    );
    // prettier-ignore
    expect(args).toEqual([
      'build',
      '--file', '/ws/Dockerfile',
      '--tag', 'r/app:abc', '--tag', 'r/app:main',
      '--label', 'org.opencontainers.image.revision=abc',
      '--build-arg', 'NODE_VERSION=24', '--build-arg', 'EMPTY=',
      '--iidfile', '/tmp/iid',
      '--platform', 'linux/arm64',
      '--cache-from', 'r/app:buildcache',
      '/ws',
    ]);
    expect(classicPushArgs('r/app:abc')).toEqual(['push', 'r/app:abc']);
  });

  it('runs the legacy builder even when the workflow sets DOCKER_BUILDKIT=1', () => {
    expect(CLASSIC_BUILD_ENV).toEqual({ DOCKER_BUILDKIT: '0' });
  });

  it('refuses what the legacy builder cannot do', () => {
    expect(() => classicBuildArgs(spec({ platforms: ['linux/amd64', 'linux/arm64'] }))).toThrow(
      /one platform/,
    );
    expect(() => classicBuildArgs(spec({ secretFiles: [{ id: 'a', path: '/a' }] }))).toThrow(
      /no build secrets/,
    );
  });
});
