// The classic path for runners without buildx: `docker build` with the legacy builder, then
// `docker push` of every tag, each with retries on transient registry errors.
import path from 'node:path';
import { CLASSIC_BUILD_ENV, classicBuildArgs } from './build-command.js';
import { BuildError, readTrimmed, type BuildJob, type BuildResult } from './build-job.js';
import { exportClassicCache, prepareClassicCache } from './classic-cache.js';
import { lastLines, type Exec } from './exec.js';
import { pushTag } from './push.js';

export async function classicBuildAndPush(exec: Exec, job: BuildJob): Promise<BuildResult> {
  const { signal } = job.retry;
  const prepared = await prepareClassicCache(exec, job.cache, job.cacheStore, signal);
  const iidFile = path.join(job.tempDir, 'iid');
  const spec = { ...job.spec, cacheFrom: prepared.cacheFrom, cacheTo: [], iidFile };
  const built = await exec('docker', classicBuildArgs(spec), {
    env: CLASSIC_BUILD_ENV,
    stream: true,
    signal,
  });
  if (built.exitCode !== 0) {
    throw new BuildError(`docker build failed (exit ${built.exitCode}): ${lastLines(built, 3)}`);
  }
  const imageId = readTrimmed(iidFile);
  let reportedDigest: string | undefined;
  let pushAttempts = 0;
  if (job.spec.push) {
    // The primary (immutable) tag first: once it is in, the image is safe to deploy by digest.
    const refs = [job.primaryRef, ...job.spec.refs.filter((ref) => ref !== job.primaryRef)];
    for (const ref of refs) {
      const pushed = await pushTag(exec, ref, job.retry);
      if (ref === job.primaryRef) {
        reportedDigest = pushed.reportedDigest;
        pushAttempts = pushed.attempts;
      }
    }
  }
  const exported = await exportClassicCache(
    exec,
    job.cache,
    job.cacheStore,
    { ref: job.primaryRef, pushed: job.spec.push },
    job.retry,
  );
  return {
    ...(imageId ? { imageId } : {}),
    ...(reportedDigest ? { reportedDigest } : {}),
    pushAttempts,
    cacheWarnings: [...prepared.warnings, ...exported.warnings],
    cacheNotes: [...prepared.notes, ...exported.notes],
  };
}
