// Running the bundled action against the real parts: a fake-docker wrapper (records calls, hides
// buildx), a private docker config and a workspace with a Dockerfile FROM scratch.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction, type RunActionOptions, type RunResult } from '@shipline/action-harness';
import type { FakeDocker } from '@shipline/local-services/testing';

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
