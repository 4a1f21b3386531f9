// run() in-process with a scripted docker CLI that "pushes" by uploading to a real docker-registry:
// the buildx path (which this machine cannot run for real), secrets handling, and the rule that a
// successful run always reports the digest the registry stores.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  buildxBuilder,
  CLASSIC,
  parseImageName,
  resolveTags,
  type Builder,
  type Exec,
  type ExecOptions,
} from '@shipline/docker';
import {
  createWorkspace,
  describeWithDocker,
  registryDigest,
  startRegistry,
  uploadImage,
  type TestRegistry,
  type TestWorkspace,
} from '@shipline/local-services/testing';
import { FakeClock } from '@shipline/toolkit';
import { collectingLog } from '@shipline/toolkit/testing';
import { run } from '../src/run.js';
import type { RunDeps, RunOptions } from '../src/types.js';
import { gitAt, runOptions, tempDir } from './helpers.js';

let registry: TestRegistry;
let workspace: TestWorkspace;
let runnerTemp: string;

interface Call {
  args: string[];
  options?: ExecOptions;
  secrets?: Record<string, string>;
}

/** docker as buildx or the classic builder would behave, pushing by uploading to the registry. */
function scriptedDocker(behaviour: { upload?: boolean; failFirstPush?: string } = {}) {
  const calls: Call[] = [];
  let failed = false;
  const exec: Exec = async (_command, args, options) => {
    const call: Call = { args, ...(options ? { options } : {}) };
    calls.push(call);
    const at = (flag: string) => args.flatMap((a, i) => (args[i - 1] === flag ? [a] : []));
    if (args[0] === 'login' || args[0] === 'logout') return { exitCode: 0, stdout: '', stderr: '' };
    if (behaviour.failFirstPush && !failed && (args[0] === 'push' || args.includes('--push'))) {
      failed = true;
      return { exitCode: 1, stdout: '', stderr: behaviour.failFirstPush };
    }
    const secretSpecs = at('--secret');
    if (secretSpecs.length > 0) {
      call.secrets = Object.fromEntries(
        secretSpecs.map((spec) => {
          const [, id, src] = /^id=([^,]+),src=(.+)$/.exec(spec) as string[];
          const mode = (fs.statSync(src as string).mode & 0o777).toString(8);
          return [id as string, `${fs.readFileSync(src as string, 'utf8')} (mode ${mode})`];
        }),
      );
    }
    const pushedRefs = args[0] === 'push' ? [args[1] as string] : args.includes('--push') ? at('--tag') : [];
    if (behaviour.upload !== false && pushedRefs.length > 0) {
      const tags = pushedRefs.map((ref) => ref.slice(ref.lastIndexOf(':') + 1));
      const repository = parseImageName(pushedRefs[0]!.slice(0, pushedRefs[0]!.lastIndexOf(':'))).repository;
      const image = await uploadImage(registry, repository, tags);
      const metadata = at('--metadata-file')[0];
      if (metadata) fs.writeFileSync(metadata, JSON.stringify({ 'containerimage.digest': image.digest }));
    }
    const iid = at('--iidfile')[0];
    if (iid) fs.writeFileSync(iid, `sha256:${'9'.repeat(64)}`);
    return { exitCode: 0, stdout: '', stderr: '' };
  };
  return { exec, calls };
}

function options(repository: string, extra: Partial<RunOptions> = {}): RunOptions {
  const where = {
    workspace: workspace.dir,
    tempDir: runnerTemp,
    image: `${registry.host}/${repository}`,
    credentials: { username: registry.username, password: registry.password },
  };
  return runOptions(where, gitAt('refs/heads/main'), ['{{sha}}', '{{branch}}'], extra);
}

function clients(exec: Exec, builder: Builder = CLASSIC) {
  const log = collectingLog();
  const logins: string[] = [];
  const value: RunDeps = {
    exec,
    builder,
    cacheStore: { available: () => false, restore: async () => undefined, save: async () => false },
    log,
    recordLogin: (server) => logins.push(server),
    signal: new AbortController().signal,
    clock: new FakeClock(),
  };
  return { value, log, logins };
}

describeWithDocker(
  'run (in-process, scripted docker, real registry)',
  () => {
    beforeAll(async () => {
      registry = await startRegistry();
      workspace = createWorkspace();
      runnerTemp = tempDir('runner-temp-');
    });
    afterAll(async () => {
      await registry.stop();
      workspace.remove();
      fs.rmSync(runnerTemp, { recursive: true, force: true });
    });

    it('buildx: one build that pushes every tag, secrets as private files, the registry digest as output', async () => {
      const docker = scriptedDocker();
      const opts = options('bx/app', {
        platforms: ['linux/amd64', 'linux/arm64'],
        secrets: new Map([['npm_token', 'npm-s3cret']]),
        cache: 'gha',
      });
      const c = clients(docker.exec, buildxBuilder('v0.12.1', 'docker-container'));
      const result = await run(opts, c.value);
      const build = docker.calls.find((call) => call.args[0] === 'buildx') as Call;
      expect(build.args).toEqual(expect.arrayContaining(['--push', '--platform', 'linux/amd64,linux/arm64']));
      expect(build.args.join(' ')).toMatch(/--cache-to type=gha,scope=\S+,mode=max,ignore-error=true/);
      expect(build.secrets).toEqual({ npm_token: 'npm-s3cret (mode 600)' });
      expect(build.args.join(' ')).not.toContain('npm-s3cret');
      // The secret files are gone after the build, with the rest of the run's private folder.
      expect(fs.readdirSync(runnerTemp).filter((name) => name.startsWith('build-and-push-'))).toEqual([]);
      const stored = await registryDigest(registry, 'bx/app', opts.git.sha);
      expect(result).toMatchObject({
        digest: stored,
        imageRef: `${registry.host}/bx/app@${stored}`,
        skipped: false,
        pushAttempts: 1,
      });
      expect(docker.calls.map((call) => call.args[0])).toEqual(['login', 'buildx']);
      expect(c.logins).toEqual([registry.host]);
      expect(c.log.groups).toEqual([
        `Build and push ${registry.host}/bx/app with docker buildx v0.12.1 (docker-container driver)`,
      ]);
    });

    it('never reports success without the digest the registry stores', async () => {
      const docker = scriptedDocker({ upload: false });
      await expect(run(options('ghost/app'), clients(docker.exec).value)).rejects.toThrow(
        /^Pushed 127\.0\.0\.1:\d+\/ghost\/app:[0-9a-f]{40}, but the registry has no manifest for it: no digest to report$/,
      );
    });

    it('a push retried after "blob upload unknown" is announced as a warning, then succeeds', async () => {
      const docker = scriptedDocker({
        failFirstPush: 'blob upload unknown: blob upload unknown to registry',
      });
      const c = clients(docker.exec);
      const opts = options('flaky/app');
      const result = await run(opts, c.value);
      expect(result.pushAttempts).toBe(2);
      expect(result.digest).toBe(await registryDigest(registry, 'flaky/app', opts.git.sha));
      expect(c.log.warnings[0]).toMatch(
        /^docker push .*: attempt 1 of 3 failed \(a transient registry error \(docker said: blob upload unknown/,
      );
      expect(result.warnings).toEqual(c.log.warnings);
    });

    it('skip-existing without a sha tag warns and builds every time', async () => {
      const docker = scriptedDocker();
      const opts = options('nosha/app');
      const c = clients(docker.exec);
      await run({ ...opts, tags: resolveTags(['stable'], opts.git) }, c.value);
      expect(c.log.warnings).toContain(
        'skip-existing is on, but no tag comes from {{sha}} or {{sha-short}}: building every time',
      );
      expect(docker.calls.map((call) => call.args[0])).toEqual(['login', 'build', 'push']);
    });

    it('skip-existing: false builds even when the sha tag exists', async () => {
      const opts = options('always/app', { skipExisting: false });
      await uploadImage(registry, 'always/app', [opts.git.sha]);
      const docker = scriptedDocker();
      const result = await run(opts, clients(docker.exec).value);
      expect(result.skipped).toBe(false);
      expect(docker.calls.map((call) => call.args[0])).toEqual(['login', 'build', 'push', 'push']);
    });

    it('a skipped run reports the existing digest and size, and builds nothing', async () => {
      const opts = options('skip/app');
      const existing = await uploadImage(registry, 'skip/app', [opts.git.sha], 4096);
      const docker = scriptedDocker();
      const c = clients(docker.exec);
      const result = await run(opts, c.value);
      expect(result).toMatchObject({
        skipped: true,
        digest: existing.digest,
        sizeBytes: existing.bytes,
        retagged: ['main'],
      });
      expect(docker.calls.map((call) => call.args[0])).toEqual(['login']);
      expect(c.log.groups).toEqual([]);
      expect(c.log.infos).toContain(`${registry.host}/skip/app:main now points at ${existing.digest}`);
    });
  },
  { daemon: false },
);
