// Cache modes: buildx cache arguments, the classic builder's fallbacks, the local cache folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  buildxBuilder,
  buildxCacheArgs,
  cacheExportProblems,
  cacheSettings,
  CLASSIC,
  exportClassicCache,
  parseImageName,
  parseLoadedImage,
  prepareClassicCache,
  type CacheMode,
} from '../src/index.js';
import { fakeDockerExec, flag, folderCacheStore } from './fakes.js';

const temps: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-test-'));
  temps.push(dir);
  return dir;
};
afterEach(() => temps.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const IMAGE = parseImageName('123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web');
const settings = (mode: CacheMode, registryType: 'ecr' | 'generic' = 'ecr', tempDirPath = '/tmp/runner') =>
  cacheSettings({ mode, image: IMAGE, registryType, builder: 'buildx', sha: 'abc123', tempDir: tempDirPath });
const container = buildxBuilder('v0.12.1', 'docker-container');

describe('buildx cache arguments', () => {
  it('gha: one scope per image, exported with mode=max and ignore-error', () => {
    expect(buildxCacheArgs(settings('gha'), container)).toEqual({
      from: ['type=gha,scope=123456789012.dkr.ecr.eu-west-1.amazonaws.com-shop-web'],
      to: ['type=gha,scope=123456789012.dkr.ecr.eu-west-1.amazonaws.com-shop-web,mode=max,ignore-error=true'],
      notes: [],
    });
  });

  it('registry: a :buildcache image; ECR needs an image manifest with OCI media types', () => {
    const ref = `${IMAGE.name}:buildcache`;
    expect(buildxCacheArgs(settings('registry'), container).to).toEqual([
      `type=registry,ref=${ref},image-manifest=true,oci-mediatypes=true,mode=max,ignore-error=true`,
    ]);
    expect(buildxCacheArgs(settings('registry', 'generic'), container)).toMatchObject({
      from: [`type=registry,ref=${ref}`],
      to: [`type=registry,ref=${ref},mode=max,ignore-error=true`],
    });
  });

  it('local: read from the folder, write beside it (swapped after the build)', () => {
    const s = settings('local');
    expect(buildxCacheArgs(s, container)).toEqual({
      from: [`type=local,src=${s.dir}`],
      to: [`type=local,dest=${s.dir}-new,mode=max,ignore-error=true`],
      notes: [],
    });
    expect(s.dir.startsWith('/tmp/runner/shipline-docker-cache/')).toBe(true);
    expect(s.key).toMatch(/^shipline-docker-buildx-[0-9a-f]{16}-abc123$/);
    expect(s.restoreKeys).toEqual([s.key.replace(/abc123$/, '')]);
  });

  it('none: no cache arguments', () => {
    expect(buildxCacheArgs(settings('none'), container)).toEqual({ from: [], to: [], notes: [] });
  });

  it('the docker driver only reads, and the note says how to write', () => {
    const result = buildxCacheArgs(settings('gha'), buildxBuilder('v0.12.1', 'docker'));
    expect(result.to).toEqual([]);
    expect(result.from).toHaveLength(1);
    expect(result.notes[0]).toMatch(
      /cannot export a build cache: cache 'gha' is only read; .*docker\/setup-buildx-action/,
    );
  });

  it('finds failed cache exports in the build output', () => {
    const output = [
      '#12 exporting to image',
      '#13 exporting cache to GitHub Actions Cache',
      '#13 ERROR: failed to export cache: error writing layer blob: 403 Forbidden',
      '#14 done',
    ].join('\n');
    expect(cacheExportProblems(output)).toEqual([
      '#13 ERROR: failed to export cache: error writing layer blob: 403 Forbidden',
    ]);
    expect(cacheExportProblems('#13 exporting cache to GitHub Actions Cache done')).toEqual([]);
  });
});

describe('classic builder cache', () => {
  it('registry: pulls :buildcache to build from it, and pushes the result as the next one', async () => {
    const docker = fakeDockerExec();
    const store = folderCacheStore();
    const s = settings('registry', 'generic');
    const prepared = await prepareClassicCache(docker.exec, s, store);
    expect(prepared.cacheFrom).toEqual([`${IMAGE.name}:buildcache`]);
    const exported = await exportClassicCache(
      docker.exec,
      s,
      store,
      { ref: `${IMAGE.name}:abc`, pushed: true },
      { retries: 0 },
    );
    expect(exported).toEqual({ warnings: [], notes: [`cache image ${IMAGE.name}:buildcache pushed`] });
    expect(docker.calls.map((c) => c.args.join(' '))).toEqual([
      `pull ${IMAGE.name}:buildcache`,
      `tag ${IMAGE.name}:abc ${IMAGE.name}:buildcache`,
      `push ${IMAGE.name}:buildcache`,
    ]);
  });

  it('registry: a missing cache image is a note; a failed cache push is a warning, not a failure', async () => {
    const docker = fakeDockerExec((args) =>
      args[0] === 'pull'
        ? { exitCode: 1, stderr: 'manifest unknown' }
        : args[0] === 'push'
          ? { exitCode: 1, stderr: 'denied: requested access to the resource is denied' }
          : undefined,
    );
    const s = settings('registry', 'generic');
    const prepared = await prepareClassicCache(docker.exec, s, folderCacheStore());
    expect(prepared).toMatchObject({ cacheFrom: [], warnings: [] });
    expect(prepared.notes[0]).toMatch(/no cache image .*:buildcache yet \(manifest unknown\)/);
    const exported = await exportClassicCache(
      docker.exec,
      s,
      folderCacheStore(),
      { ref: 'x', pushed: true },
      { retries: 0 },
    );
    expect(exported.warnings[0]).toMatch(
      /^exporting the build cache to .*:buildcache failed \(the image is fine\): docker push .* failed: access denied/,
    );
  });

  it('local: docker save into the folder, kept by the cache service, loaded by the next run', async () => {
    const store = folderCacheStore();
    const runner1 = settings('local', 'generic', tempDir());
    const docker = fakeDockerExec((args) => {
      if (args[0] === 'save') fs.writeFileSync(flag(args, '--output') as string, 'tar bytes');
      if (args[0] === 'load') return { stdout: `Loaded image: ${IMAGE.name}:abc\n` };
    });
    expect((await prepareClassicCache(docker.exec, runner1, store)).cacheFrom).toEqual([]);
    const exported = await exportClassicCache(
      docker.exec,
      runner1,
      store,
      { ref: `${IMAGE.name}:abc`, pushed: false },
      { retries: 0 },
    );
    expect(exported.notes).toEqual([`saved the build cache ${runner1.key}`]);
    // A new runner: empty temp folder, same cache service.
    const runner2 = { ...settings('local', 'generic', tempDir()), key: `${runner1.restoreKeys[0]}def456` };
    const prepared = await prepareClassicCache(docker.exec, runner2, store);
    expect(prepared.cacheFrom).toEqual([`${IMAGE.name}:abc`]);
    expect(prepared.notes).toEqual([
      `restored the build cache ${runner1.key}`,
      `cached image ${IMAGE.name}:abc loaded`,
    ]);
    expect(docker.subcommands()).toEqual(['save', 'load']);
  });

  it('local: without the cache service, a warning; a failing save is a warning too', async () => {
    const s = settings('local', 'generic', tempDir());
    const prepared = await prepareClassicCache(fakeDockerExec().exec, s, folderCacheStore(false));
    expect(prepared.warnings[0]).toMatch(/the runner's cache service is not available here/);
    const failing = fakeDockerExec(() => ({ exitCode: 1, stderr: 'no space left on device' }));
    const exported = await exportClassicCache(
      failing.exec,
      s,
      folderCacheStore(),
      { ref: 'x', pushed: true },
      { retries: 0 },
    );
    expect(exported.warnings).toEqual([
      'saving the image for the local cache failed (the image is fine): no space left on device',
    ]);
  });

  it('reads what docker load loaded', () => {
    expect(parseLoadedImage('Loaded image: r/app:abc\n')).toBe('r/app:abc');
    expect(parseLoadedImage(`Loaded image ID: sha256:${'a'.repeat(64)}\n`)).toBe(`sha256:${'a'.repeat(64)}`);
    expect(parseLoadedImage('')).toBeUndefined();
  });

  it('classic detection has no cache export of its own', () => {
    expect(CLASSIC.cacheExport).toBe(false);
  });
});
