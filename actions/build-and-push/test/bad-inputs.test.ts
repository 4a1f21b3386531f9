// Bad inputs through the bundled dist/: each fails naming the input, what is wrong and a good
// value, before any docker command (or, for inputs that depend on the builder, right after the
// builder check) and long before anything is built.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNoLeaks } from '@shipline/action-harness';
import { createWorkspace, fakeDocker, type TestWorkspace } from '@shipline/local-services/testing';
import { openedBuildGroup, runBuildAndPush, tempDir, type Runner } from './helpers.js';

let workspace: TestWorkspace;
let runner: Runner;

beforeAll(() => {
  workspace = createWorkspace({ 'empty/README.md': 'no Dockerfile here\n' });
  runner = { docker: fakeDocker(), dockerConfig: tempDir('docker-config-'), workspace: workspace.dir };
});
afterEach(() => runner.docker.reset());
afterAll(() => {
  workspace.remove();
  runner.docker.remove();
  fs.rmSync(runner.dockerConfig, { recursive: true, force: true });
});

const IMAGE = 'localhost:5000/shop/web';

interface Case {
  name: string;
  inputs: Record<string, string>;
  input: string;
  problem: RegExp;
  /** Docker calls allowed before the failure: none, or the builder check for builder-dependent inputs. */
  calls?: string[];
}

const cases: Case[] = [
  {
    name: 'an image with a tag',
    inputs: { image: `${IMAGE}:v1` },
    input: 'image',
    problem: /has a tag \(:v1\): put tags in 'tags'/,
  },
  {
    name: 'an uppercase repository',
    inputs: { image: 'ghcr.io/Acme/Web' },
    input: 'image',
    problem: /has uppercase letters.*Example of a good value: ghcr.io\/acme\/web/,
  },
  {
    name: 'an image with a digest',
    inputs: { image: `${IMAGE}@sha256:${'a'.repeat(64)}` },
    input: 'image',
    problem: /has a digest/,
  },
  {
    name: 'an image with an invalid path component',
    inputs: { image: 'localhost:5000/web-' },
    input: 'image',
    problem: /path component "web-" is not valid/,
  },
  {
    name: 'an illegal tag',
    inputs: { tags: 'feature/login' },
    input: 'tags',
    problem: /line 1 "feature\/login" is not a valid tag/,
  },
  {
    name: 'an unknown template',
    inputs: { tags: '{{sha}}\n{{commit}}' },
    input: 'tags',
    problem: /uses \{\{commit\}\}, which is not one of \{\{sha\}\}/,
  },
  {
    name: 'a context without Dockerfile',
    inputs: { context: 'empty' },
    input: 'dockerfile',
    problem: /was not given and the context has no Dockerfile \(empty\/Dockerfile\)/,
  },
  {
    name: 'a missing Dockerfile',
    inputs: { dockerfile: 'docker/Missing.Dockerfile' },
    input: 'dockerfile',
    problem: /does not exist in the workspace/,
  },
  {
    name: 'a Dockerfile outside the workspace',
    inputs: { dockerfile: '../../etc/passwd' },
    input: 'dockerfile',
    problem: /points outside the workspace/,
  },
  {
    name: 'a context that does not exist',
    inputs: { context: 'services/api' },
    input: 'context',
    problem: /does not exist in the workspace/,
  },
  {
    name: 'an unknown registry-type',
    inputs: { 'registry-type': 'gcr' },
    input: 'registry-type',
    problem: /"gcr" is not one of: ecr, generic, none/,
  },
  {
    name: 'a username without password',
    inputs: { username: 'ci-bot' },
    input: 'password',
    problem: /is missing: username was given without it/,
  },
  {
    name: 'a password without username',
    inputs: { password: 'hunter2-secret' },
    input: 'username',
    problem: /is missing: password was given without it/,
  },
  {
    name: 'a username for an ECR image',
    inputs: {
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web',
      username: 'ci',
      password: 'hunter2-secret',
    },
    input: 'username',
    problem: /is not used with registry-type ecr: ECR logins come from GetAuthorizationToken/,
  },
  {
    name: 'registry-type ecr without any region',
    inputs: { 'registry-type': 'ecr' },
    input: 'registry-type',
    problem: /is ecr, but the image host localhost:5000 names no region and AWS_REGION is not set/,
  },

  {
    name: 'retries that are not a number',
    inputs: { retries: 'lots' },
    input: 'retries',
    problem: /"lots" is not a whole number/,
  },
  {
    name: 'too many retries',
    inputs: { retries: '11' },
    input: 'retries',
    problem: /11 is above the maximum 10/,
  },
  {
    name: 'an unknown cache',
    inputs: { cache: 's3' },
    input: 'cache',
    problem: /"s3" is not one of: gha, registry, local, none/,
  },
  {
    name: 'a build-args line without =',
    inputs: { 'build-args': 'NODE_VERSION=24\nDEBUG' },
    input: 'build-args',
    problem: /line 2 "DEBUG" is not KEY=VALUE/,
  },
  {
    name: 'a build-arg with an invalid name',
    inputs: { 'build-args': 'node-version=24' },
    input: 'build-args',
    problem: /key "node-version" that is not a variable name/,
  },
  {
    name: 'push that is not a boolean',
    inputs: { push: 'yes' },
    input: 'push',
    problem: /"yes" is not a boolean/,
  },
  {
    name: 'a platform without an architecture',
    inputs: { platforms: 'amd64' },
    input: 'platforms',
    problem: /"amd64" that is not os\/arch\[\/variant\]/,
  },
  {
    name: 'a bad target name',
    inputs: { target: '-runtime' },
    input: 'target',
    problem: /must be a build stage name/,
  },
  {
    name: 'several platforms without buildx',
    inputs: { platforms: 'linux/amd64,linux/arm64' },
    input: 'platforms',
    problem:
      /lists 2 platforms, but this runner's builder \(classic docker build \(no buildx\)\) builds one platform/,
    calls: ['buildx'],
  },
  {
    name: 'build secrets without buildx',
    inputs: { secrets: 'npm_token=s3cr3t-value' },
    input: 'secrets',
    problem: /needs BuildKit secret mounts/,
    calls: ['buildx'],
  },
  {
    name: 'the gha cache without buildx',
    inputs: { cache: 'gha' },
    input: 'cache',
    problem: /is gha, which only buildx can read and write/,
    calls: ['buildx'],
  },
];

describe('build-and-push rejects bad inputs before building (bundled dist)', () => {
  it.each(cases)('$name → names $input', async ({ inputs, input, problem, calls }) => {
    const result = await runBuildAndPush(
      runner,
      { image: IMAGE, ...inputs },
      { secrets: ['hunter2-secret', 's3cr3t-value'] },
    );
    expect(result.exitCode).toBe(1);
    const error = result.errors.find((e) => e.startsWith(`Input '${input}'`));
    expect(error).toMatch(problem);
    expect(error).toContain('Example of a good value:');
    expect(result.errors).toContain('1 input(s) are not valid; nothing was changed.');
    expect(runner.docker.calls().map((args) => args.slice(0, 2).join(' '))).toEqual(
      (calls ?? []).map((c) => `${c} version`),
    );
    expect(openedBuildGroup(result)).toBe(false);
    expect(result.outputs).toEqual({});
    expectNoLeaks(result);
  });

  it('reports every bad input together, and echoes no secret', async () => {
    const result = await runBuildAndPush(
      runner,
      {
        image: 'Shop/Web:1',
        tags: 'a b',
        cache: 's3',
        retries: '-1',
        password: 'hunter2-secret',
        'build-args': 'X',
      },
      { secrets: ['hunter2-secret'] },
    );
    expect(result.exitCode).toBe(1);
    const named = result.errors.map((e) => /^Input '([^']+)'/.exec(e)?.[1]).filter(Boolean);
    expect(named.sort()).toEqual(['build-args', 'cache', 'image', 'retries', 'tags', 'username']);
    expect(result.errors).toContain('6 input(s) are not valid; nothing was changed.');
    expect(runner.docker.calls()).toEqual([]);
    expectNoLeaks(result);
  });

  it('a Dockerfile given relative to the workspace is found there, not in the context', async () => {
    fs.mkdirSync(path.join(workspace.dir, 'docker'), { recursive: true });
    fs.writeFileSync(path.join(workspace.dir, 'docker', 'web.Dockerfile'), 'FROM scratch\n');
    // Valid inputs get past validation: the run goes on to build (and fails there: no daemon at DOCKER_HOST).
    const result = await runBuildAndPush(
      runner,
      {
        image: IMAGE,
        context: 'empty',
        dockerfile: 'docker/web.Dockerfile',
        'skip-existing': 'false',
        push: 'false',
        tags: 'x',
      },
      {
        env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
      },
    );
    expect(result.errors.filter((e) => e.startsWith('Input '))).toEqual([]);
    expect(runner.docker.calls().map((args) => args[0])).toEqual(['buildx', 'build']);
  });
});
