// The behaviour: log in, skip a commit that is already in the registry, otherwise build and push,
// then read the digest the registry stores. Clients come in as arguments, so tests need no mocks.
import fs from 'node:fs';
import path from 'node:path';
import {
  describeBuilder,
  digestRef,
  imageSize,
  tagRef,
  type Builder,
  type CacheStore,
  type EcrApi,
  type Exec,
  type GitContext,
  type Reporter,
} from '@shipline/docker';
import type { Clock } from '@shipline/toolkit';
import { buildImage, imageLabels } from './build-step.js';
import type { ActionInputs } from './inputs.js';
import { connect, findBuilt, pushedDigest } from './registry-step.js';

export interface RunOptions extends ActionInputs {
  git: GitContext;
  /** RUNNER_TEMP: the local cache folder and this run's private files live here. */
  tempDir: string;
}

export interface RunClients {
  exec: Exec;
  builder: Builder;
  ecr?: EcrApi;
  cacheStore: CacheStore;
  reporter: Reporter;
  /** Called before each docker login, so the post step logs out even if main dies right after. */
  recordLogin: (server: string) => void;
  /** A collapsed log group around the build (core.group). */
  group: <T>(name: string, body: () => Promise<T>) => Promise<T>;
  signal: AbortSignal;
  clock?: Clock;
  pushBaseDelayMs?: number;
}

export interface RunResult {
  image: string;
  digest: string;
  imageRef: string;
  /** Full references: image:tag. */
  tags: string[];
  skipped: boolean;
  pushed: boolean;
  digestSource: 'registry' | 'builder' | 'local-image-id';
  imageId?: string;
  sizeBytes?: number;
  builder: Builder;
  labels: Record<string, string>;
  pushAttempts: number;
  /** Tags pointed at an existing image by a skipped run. */
  retagged: string[];
  warnings: string[];
  durationMs: number;
}

export async function run(options: RunOptions, clients: RunClients): Promise<RunResult> {
  const started = Date.now();
  const warnings: string[] = [];
  const reporter: Reporter = {
    info: (m) => clients.reporter.info(m),
    warning: (m) => (warnings.push(m), clients.reporter.warning(m)),
  };
  const local = { ...clients, reporter };
  const { image, tags } = options;
  tags.skipped.forEach((line) => reporter.info(`No tag from ${line}`));
  const primaryTag = tags.immutable ?? (tags.tags[0] as string);
  const refs = tags.tags.map((tag) => tagRef(image, tag));
  const labels = Object.fromEntries(imageLabels(options));
  const base = { image: image.name, tags: refs, builder: clients.builder, labels, warnings };
  const access = await connect(options, local);

  if (access && options.push && options.skipExisting) {
    const existing = await findBuilt(access, options, reporter);
    if (existing) {
      const size = await imageSize(access.api, image.repository, existing.digest);
      return {
        ...base,
        digest: existing.digest,
        imageRef: digestRef(image, existing.digest),
        skipped: true,
        pushed: false,
        digestSource: 'registry',
        ...(size ? { sizeBytes: size.bytes } : {}),
        pushAttempts: 0,
        retagged: existing.retagged,
        durationMs: Date.now() - started,
      };
    }
  }

  const workDir = fs.mkdtempSync(path.join(options.tempDir, 'build-and-push-'));
  try {
    const title = `Build ${options.push ? 'and push ' : ''}${image.name} with ${describeBuilder(clients.builder)}`;
    const built = await clients.group(title, () => buildImage(options, local, primaryTag, workDir));
    built.cacheNotes.forEach((note) => reporter.info(note));
    built.cacheWarnings.forEach((warning) => reporter.warning(warning));
    let digest: string | undefined;
    let sizeBytes: number | undefined;
    if (options.push && access) {
      digest = await pushedDigest(access, options, primaryTag, reporter);
      if (built.reportedDigest && built.reportedDigest !== digest) {
        reporter.warning(
          `the builder reported ${built.reportedDigest}, the registry stores ${digest}: using the registry's`,
        );
      }
      sizeBytes = (await imageSize(access.api, image.repository, digest))?.bytes;
    } else {
      digest = built.reportedDigest ?? built.imageId;
      if (!digest) throw new Error('The build finished but reported neither a digest nor an image id');
    }
    return {
      ...base,
      digest,
      imageRef: options.push ? digestRef(image, digest) : tagRef(image, primaryTag),
      skipped: false,
      pushed: options.push,
      digestSource: options.push ? 'registry' : built.reportedDigest ? 'builder' : 'local-image-id',
      ...(built.imageId ? { imageId: built.imageId } : {}),
      ...(sizeBytes === undefined ? {} : { sizeBytes }),
      pushAttempts: built.pushAttempts,
      retagged: [],
      durationMs: Date.now() - started,
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
