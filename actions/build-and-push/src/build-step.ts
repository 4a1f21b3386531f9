// Building (and pushing) with whichever builder the runner has, secrets in private files that are
// removed afterwards.
import fs from 'node:fs';
import path from 'node:path';
import {
  buildxBuildAndPush,
  cacheSettings,
  classicBuildAndPush,
  mergeLabels,
  ociLabels,
  tagRef,
  type BuildJob,
  type BuildResult,
} from '@shipline/docker';
import type { RunDeps, RunOptions } from './types.js';

/** One file per build secret, readable by this user only, in a folder removed after the build. */
export function writeSecretFiles(dir: string, secrets: Map<string, string>): { id: string; path: string }[] {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return [...secrets].map(([id, value], index) => {
    const file = path.join(dir, `secret-${index}`);
    fs.writeFileSync(file, value, { mode: 0o600 });
    return { id, path: file };
  });
}

export function imageLabels(options: RunOptions): Map<string, string> {
  return mergeLabels(ociLabels(options.git), options.labels);
}

export async function buildImage(
  options: RunOptions,
  deps: RunDeps,
  primaryTag: string,
  workDir: string,
): Promise<BuildResult> {
  const { image, builder } = { image: options.image, builder: deps.builder };
  const job: BuildJob = {
    spec: {
      context: options.context,
      dockerfile: options.dockerfile,
      refs: options.tags.tags.map((tag) => tagRef(image, tag)),
      labels: imageLabels(options),
      buildArgs: options.buildArgs,
      ...(options.target ? { target: options.target } : {}),
      platforms: options.platforms,
      push: options.push,
      secretFiles: writeSecretFiles(path.join(workDir, 'secrets'), options.secrets),
    },
    primaryRef: tagRef(image, primaryTag),
    cache: cacheSettings({
      mode: options.cache,
      image,
      registryType: options.registryType,
      builder: builder.kind,
      sha: options.git.sha,
      tempDir: options.tempDir,
    }),
    cacheStore: deps.cacheStore,
    tempDir: workDir,
    retry: {
      retries: options.retries,
      signal: deps.signal,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.pushBaseDelayMs === undefined ? {} : { baseDelayMs: deps.pushBaseDelayMs }),
      onRetry: ({ what, attempt, delayMs, reason }) =>
        deps.log.warning(
          `${what}: attempt ${attempt} of ${options.retries + 1} failed (${reason}); trying again in ${(delayMs / 1000).toFixed(1)} s`,
        ),
    },
  };
  try {
    return builder.kind === 'buildx'
      ? await buildxBuildAndPush(deps.exec, builder, job)
      : await classicBuildAndPush(deps.exec, job);
  } finally {
    fs.rmSync(path.join(workDir, 'secrets'), { recursive: true, force: true });
  }
}
