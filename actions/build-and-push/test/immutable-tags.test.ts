// The default tags on a registry that refuses to move a tag (ECR tag immutability, played by a proxy
// in front of a real registry): re-runs and a release of an already built commit succeed through the
// skip-existing path, moving nothing; a moving tag, when asked for, is what such a registry refuses.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CLASSIC, DEFAULT_TAGS, type Exec } from '@shipline/docker';
import {
  createWorkspace,
  describeWithDocker,
  startFaultProxy,
  startRegistry,
  uploadImage,
  type Fault,
  type FaultProxy,
  type TestRegistry,
  type TestWorkspace,
} from '@shipline/local-services/testing';
import { FakeClock } from '@shipline/toolkit';
import { collectingLog } from '@shipline/toolkit/testing';
import { run } from '../src/run.js';
import { gitAt, randomSha, runOptions, tempDir } from './helpers.js';

let registry: TestRegistry;
let proxy: FaultProxy;
let workspace: TestWorkspace;
let runnerTemp: string;
/** Tags already in the repository: the proxy refuses to overwrite them, as ECR does. */
const faults: Fault[] = [];
const IMMUTABLE =
  "tag invalid: The image tag '%s' already exists in the 'imm/app' repository and cannot be overwritten because the repository is immutable.";
const holdTags = (...tags: string[]) =>
  tags.forEach((tag) =>
    faults.push({
      method: 'PUT',
      path: new RegExp(`/manifests/${tag.replace(/\./g, '\\.')}$`),
      status: 400,
      body: JSON.stringify({ errors: [{ code: 'TAG_INVALID', message: IMMUTABLE.replace('%s', tag) }] }),
      times: Infinity,
    }),
  );

/** docker that can only log in: every run here must take the skip-existing path. */
const loginOnly: Exec = async (_command, args) => {
  if (args[0] === 'login' || args[0] === 'logout') return { exitCode: 0, stdout: '', stderr: '' };
  throw new Error(`docker ${args.join(' ')}: nothing should be built on this path`);
};

const runOn = (ref: string, sha: string, tags: readonly string[] = DEFAULT_TAGS) =>
  run(
    runOptions(
      {
        workspace: workspace.dir,
        tempDir: runnerTemp,
        image: `${proxy.host}/imm/app`,
        credentials: { username: registry.username, password: registry.password },
      },
      gitAt(ref, sha),
      tags,
      { retries: 0 },
    ),
    {
      exec: loginOnly,
      builder: CLASSIC,
      cacheStore: { available: () => false, restore: async () => undefined, save: async () => false },
      log: collectingLog(),
      recordLogin: () => {},
      signal: new AbortController().signal,
      clock: new FakeClock(),
    },
  );

describeWithDocker(
  'default tags on an immutable repository (skip-existing path, real registry)',
  () => {
    beforeAll(async () => {
      registry = await startRegistry();
      proxy = await startFaultProxy(registry.url, faults);
      workspace = createWorkspace();
      runnerTemp = tempDir('runner-temp-');
    });
    afterAll(async () => {
      await proxy.close();
      await registry.stop();
      workspace.remove();
      fs.rmSync(runnerTemp, { recursive: true, force: true });
    });

    it('a re-run on main, a release of the same commit and its re-run move no tag', async () => {
      const sha = randomSha();
      // What the first push to main left with the default tags: the sha tag alone.
      const built = await uploadImage(registry, 'imm/app', [sha]);
      holdTags(sha);

      const rerun = await runOn('refs/heads/main', sha);
      expect(rerun).toMatchObject({ skipped: true, digest: built.digest, retagged: [] });
      expect(rerun.tags).toEqual([`${proxy.host}/imm/app:${sha}`]);

      const release = await runOn('refs/tags/v1.2.3', sha);
      expect(release).toMatchObject({ skipped: true, digest: built.digest, retagged: ['1.2.3'] });
      holdTags('1.2.3');
      const releaseAgain = await runOn('refs/tags/v1.2.3', sha);
      expect(releaseAgain).toMatchObject({ skipped: true, digest: built.digest, retagged: [] });
      expect(proxy.injected).toEqual([]);
    });

    it('a moving tag asked for in `tags` is refused on the next commit, naming the immutable tag', async () => {
      const [first, second] = [randomSha(), randomSha()];
      await uploadImage(registry, 'imm/app', [first, 'main']);
      await uploadImage(registry, 'imm/app', [second]);
      holdTags(first, 'main', second);
      await expect(runOn('refs/heads/main', second, ['{{sha}}', '{{branch}}'])).rejects.toThrow(
        /exists, but the other tags could not be pointed at it: .*main.*immutable/,
      );
      expect(proxy.injected).toEqual([`PUT /v2/imm/app/manifests/main`]);
    });
  },
  { daemon: false },
);
