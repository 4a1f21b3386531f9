// Running the bundled action against the real parts: a fake-docker wrapper (records calls, hides
// buildx), a private docker config and a workspace with a Dockerfile FROM scratch; the options of
// an in-process run().
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction, type RunActionOptions, type RunResult } from '@shipline/action-harness';
import { parseImageName, resolveTags, type GitContext } from '@shipline/docker';
import type { FakeDocker } from '@shipline/local-services/testing';
import type { RunOptions } from '../src/types.js';

export const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export const randomSha = (): string => randomBytes(20).toString('hex');

export interface Runner {
  docker: FakeDocker;
  dockerConfig: string;
  workspace: string;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A git context on `ref` at a fresh commit. */
export const gitAt = (ref: string, sha = randomSha()): GitContext => ({
  ref,
  sha,
  defaultBranch: 'main',
  now: new Date('2026-05-01T00:00:00Z'),
});

/** The options of an in-process run(): push `image` (a generic registry, with credentials) with `tags`. */
export function runOptions(
  where: {
    workspace: string;
    tempDir: string;
    image: string;
    credentials: { username: string; password: string };
  },
  git: GitContext,
  tags: readonly string[],
  extra: Partial<RunOptions> = {},
): RunOptions {
  return {
    context: where.workspace,
    dockerfile: path.join(where.workspace, 'Dockerfile'),
    image: parseImageName(where.image),
    tags: resolveTags(tags, git),
    labels: new Map(),
    buildArgs: new Map(),
    secrets: new Map(),
    platforms: [],
    push: true,
    registryType: 'generic',
    credentials: where.credentials,
    cache: 'none',
    skipExisting: true,
    retries: 2,
    git,
    tempDir: where.tempDir,
    ...extra,
  };
}

/** Runs the dist with the fake docker first on PATH and its own DOCKER_CONFIG. */
export function runBuildAndPush(
  runner: Runner,
  inputs: Record<string, string>,
  options: {
    sha?: string;
    ref?: string;
    env?: Record<string, string>;
    secrets?: string[];
  } & Partial<RunActionOptions> = {},
): Promise<RunResult> {
  const { sha, ref, env, secrets, ...rest } = options;
  return runAction({
    actionDir,
    workspace: runner.workspace,
    inputs,
    secrets: secrets ?? [],
    env: { PATH: `${runner.docker.binDir}:${process.env.PATH}`, DOCKER_CONFIG: runner.dockerConfig, ...env },
    context: {
      repository: 'acme/shop',
      sha: sha ?? randomSha(),
      ref: ref ?? 'refs/heads/main',
      event: { repository: { default_branch: 'main' } },
    },
    timeoutMs: 120_000,
    ...rest,
  });
}

/** The docker subcommands a run made, e.g. ['buildx', 'login', 'build', 'push', 'push']. */
export const subcommands = (docker: FakeDocker): string[] => docker.calls().map((args) => args[0] ?? '');

/** Whether the run opened the build log group. */
export const openedBuildGroup = (result: RunResult): boolean =>
  result.commands.some((c) => c.command === 'group' && c.message.startsWith('Build'));

export function dockerConfigAuths(dir: string): Record<string, unknown> {
  const file = path.join(dir, 'config.json');
  if (!fs.existsSync(file)) return {};
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { auths?: Record<string, unknown> }).auths ?? {};
}

/** The masked log of one stage. */
export const stageLog = (result: RunResult, stage: 'main' | 'post'): string =>
  result.stages.find((s) => s.stage === stage)?.log ?? '';
