// The behaviour: log in, skip a commit that is already in the registry, otherwise build and push,
// then read the digest the registry stores. Clients come in as deps, so tests need no mocks.
import fs from 'node:fs';
import path from 'node:path';
import { describeBuilder, digestRef, imageSize, tagRef } from '@shipline/docker';
import type { ActionLog } from '@shipline/toolkit';
import { buildImage, imageLabels } from './build-step.js';
import { connect, findBuilt, pushedDigest } from './registry-step.js';
import type { RunDeps, RunOptions, RunResult } from './types.js';

export async function run(options: RunOptions, deps: RunDeps): Promise<RunResult> {
  const started = Date.now();
  const warnings: string[] = [];
  // Every warning is kept for the summary as well as logged.
  const log: ActionLog = {
    info: (m) => deps.log.info(m),
    warning: (m) => (warnings.push(m), deps.log.warning(m)),
    group: (name, body) => deps.log.group(name, body),
  };
  const local = { ...deps, log };
  const { image, tags } = options;
  tags.skipped.forEach((line) => log.info(`No tag from ${line}`));
  const primaryTag = tags.immutable ?? (tags.tags[0] as string);
  const refs = tags.tags.map((tag) => tagRef(image, tag));
  const labels = Object.fromEntries(imageLabels(options));
  const base = { image: image.name, tags: refs, builder: deps.builder, labels, warnings };
  const access = await connect(options, local);

  if (access && options.push && options.skipExisting) {
    const existing = await findBuilt(access, options, log);
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
    const title = `Build ${options.push ? 'and push ' : ''}${image.name} with ${describeBuilder(deps.builder)}`;
    const built = await log.group(title, () => buildImage(options, local, primaryTag, workDir));
    built.cacheNotes.forEach((note) => log.info(note));
    built.cacheWarnings.forEach((warning) => log.warning(warning));
    let digest: string | undefined;
    let sizeBytes: number | undefined;
    if (options.push && access) {
      digest = await pushedDigest(access, options, primaryTag, log);
      if (built.reportedDigest && built.reportedDigest !== digest) {
        log.warning(
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
