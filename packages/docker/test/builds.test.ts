// Both build paths with a scripted docker CLI: what runs in which order, retries, cache fallbacks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { FakeClock } from '@shipline/toolkit';
import {
  BuildError,
  buildxBuildAndPush,
  buildxBuilder,
  cacheSettings,
  classicBuildAndPush,
  parseBuildxMetadata,
  parseImageName,
  type BuildJob,
  type CacheMode,
} from '../src/index.js';
import { fakeDockerExec, flag, folderCacheStore } from './fakes.js';

const DIGEST = `sha256:${'f'.repeat(64)}`;
const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function job(mode: CacheMode = 'none', extra: Partial<BuildJob['spec']> = {}): BuildJob {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'build-job-'));
  temps.push(tempDir);
  const image = parseImageName('127.0.0.1:5000/app');
  return {
    spec: {
      context: '/ws',
      dockerfile: '/ws/Dockerfile',
      refs: ['127.0.0.1:5000/app:main', '127.0.0.1:5000/app:abc'],
      labels: new Map(),
      buildArgs: new Map(),
      platforms: [],
      push: true,
      secretFiles: [],
      ...extra,
    },
    primaryRef: '127.0.0.1:5000/app:abc',
    cache: cacheSettings({ mode, image, registryType: 'generic', builder: 'buildx', sha: 'abc', tempDir }),
    cacheStore: folderCacheStore(),
    tempDir,
    retry: { retries: 3, clock: new FakeClock() },
  };
}

/** What buildx leaves behind: the metadata file (and a local cache export when asked). */
function buildxOutputs(args: string[]) {
  fs.writeFileSync(
    flag(args, '--metadata-file') as string,
    JSON.stringify({
      'containerimage.digest': DIGEST,
      'containerimage.config.digest': `sha256:${'c'.repeat(64)}`,
    }),
  );
  const dest = /dest=([^,]+)/.exec(flag(args, '--cache-to') ?? '')?.[1];
  if (dest) {
    fs.mkdirSync(dest, { recursive: true });
    fs.writeFileSync(path.join(dest, 'index.json'), '{}');
  }
}

const container = buildxBuilder('v0.12.1', 'docker-container');

describe('buildx path', () => {
  it('builds and pushes in one command and reports the digest from the metadata file', async () => {
    const docker = fakeDockerExec((args) => buildxOutputs(args));
    const result = await buildxBuildAndPush(docker.exec, container, job());
    expect(docker.calls).toHaveLength(1);
    expect(docker.calls[0]?.args.slice(0, 2)).toEqual(['buildx', 'build']);
    expect(docker.calls[0]?.args).toContain('--push');
    expect(docker.calls[0]?.options?.stream).toBe(true);
    expect(result).toEqual({
      imageId: `sha256:${'c'.repeat(64)}`,
      reportedDigest: DIGEST,
      pushAttempts: 1,
      cacheWarnings: [],
      cacheNotes: [],
    });
  });

  it('runs the build again when the push failed transiently', async () => {
    const docker = fakeDockerExec((args, call) =>
      call === 1
        ? {
            exitCode: 1,
            stderr:
              'ERROR: failed to push 127.0.0.1:5000/app:main: unexpected status from PUT request: 503 Service Unavailable',
          }
        : buildxOutputs(args),
    );
    const result = await buildxBuildAndPush(docker.exec, container, job());
    expect(docker.calls).toHaveLength(2);
    expect(result.pushAttempts).toBe(2);
  });

  it('a failed cache export is a warning and one more run without exporting, never a failed build', async () => {
    const docker = fakeDockerExec((args, call) =>
      call === 1
        ? {
            exitCode: 1,
            stderr: '#13 ERROR: failed to export cache: error writing layer blob: 403 Forbidden',
          }
        : buildxOutputs(args),
    );
    const result = await buildxBuildAndPush(docker.exec, container, job('gha'));
    expect(docker.calls[0]?.args).toContain('--cache-to');
    expect(docker.calls[1]?.args).not.toContain('--cache-to');
    expect(docker.calls[1]?.args).toContain('--cache-from');
    expect(result.cacheWarnings).toEqual([
      'exporting the build cache failed; building again without exporting it: #13 ERROR: failed to export cache: error writing layer blob: 403 Forbidden',
    ]);
    expect(result.reportedDigest).toBe(DIGEST);
  });

  it('local cache: restores the folder, swaps in what buildx exported and saves it', async () => {
    const built = job('local');
    const store = built.cacheStore as ReturnType<typeof folderCacheStore>;
    const docker = fakeDockerExec((args) => buildxOutputs(args));
    const result = await buildxBuildAndPush(docker.exec, container, built);
    expect(fs.existsSync(path.join(built.cache.dir, 'index.json'))).toBe(true);
    expect(fs.existsSync(`${built.cache.dir}-new`)).toBe(false);
    expect(store.saved).toEqual([built.cache.key]);
    expect(result.cacheNotes).toEqual([
      'no build cache saved yet',
      `saved the build cache ${built.cache.key}`,
    ]);
  });

  it('a broken Dockerfile fails at once, with what buildx said', async () => {
    const docker = fakeDockerExec(() => ({
      exitCode: 1,
      stderr: 'ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: COPPY',
    }));
    await expect(buildxBuildAndPush(docker.exec, container, job())).rejects.toThrow(
      'docker buildx build --push failed: docker said: ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: COPPY',
    );
    expect(docker.calls).toHaveLength(1);
  });

  it('without push, a failed build is a BuildError too', async () => {
    const docker = fakeDockerExec(() => ({ exitCode: 1, stderr: 'ERROR: failed to solve: boom' }));
    await expect(
      buildxBuildAndPush(docker.exec, container, job('none', { push: false })),
    ).rejects.toBeInstanceOf(BuildError);
  });

  it('reads metadata files defensively', () => {
    expect(parseBuildxMetadata(undefined)).toEqual({});
    expect(parseBuildxMetadata('not json')).toEqual({});
    expect(parseBuildxMetadata(JSON.stringify({ 'containerimage.digest': DIGEST }))).toEqual({
      digest: DIGEST,
    });
  });
});

describe('classic path', () => {
  it('builds with the legacy builder, then pushes the immutable tag first', async () => {
    const docker = fakeDockerExec((args) => {
      if (args[0] === 'build')
        fs.writeFileSync(flag(args, '--iidfile') as string, `sha256:${'1'.repeat(64)}\n`);
      if (args[0] === 'push') return { stdout: `${args[1]}: digest: ${DIGEST} size: 528\n` };
    });
    const result = await classicBuildAndPush(docker.exec, job());
    expect(docker.calls.map((c) => c.args.slice(0, 2).join(' '))).toEqual([
      'build --file',
      'push 127.0.0.1:5000/app:abc',
      'push 127.0.0.1:5000/app:main',
    ]);
    expect(docker.calls[0]?.options?.env).toEqual({ DOCKER_BUILDKIT: '0' });
    expect(result).toEqual({
      imageId: `sha256:${'1'.repeat(64)}`,
      reportedDigest: DIGEST,
      pushAttempts: 1,
      cacheWarnings: [],
      cacheNotes: [],
    });
  });

  it('retries a push that hit "blob upload unknown"', async () => {
    const docker = fakeDockerExec((args, call) =>
      args[0] === 'push' && call === 2
        ? { exitCode: 1, stderr: 'blob upload unknown: blob upload unknown to registry' }
        : undefined,
    );
    const result = await classicBuildAndPush(docker.exec, job());
    expect(docker.calls.map((c) => c.args[0])).toEqual(['build', 'push', 'push', 'push']);
    expect(result.pushAttempts).toBe(2);
  });

  it('a failed build says what docker said and pushes nothing', async () => {
    const docker = fakeDockerExec((args) =>
      args[0] === 'build'
        ? {
            exitCode: 1,
            stdout: 'Step 2/2 : COPY missing.txt /\n',
            stderr: 'COPY failed: file not found in build context',
          }
        : undefined,
    );
    await expect(classicBuildAndPush(docker.exec, job())).rejects.toThrow(
      'docker build failed (exit 1): Step 2/2 : COPY missing.txt / / COPY failed: file not found in build context',
    );
    expect(docker.subcommands()).toEqual(['build']);
  });
});
