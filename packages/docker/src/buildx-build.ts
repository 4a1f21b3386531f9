// The buildx path: one `docker buildx build` builds, tags and pushes, with cache import/export.
// A transient push failure runs the (cached, so quick) build again; a failed cache export makes a
// warning and one more run without exporting, never a failed build.
import path from 'node:path';
import { buildxBuildArgs } from './build-command.js';
import { BuildError, readTrimmed, type BuildJob, type BuildResult } from './build-job.js';
import type { Builder } from './builder.js';
import { buildxCacheArgs, cacheExportProblems } from './cache.js';
import { lastLines, type Exec, type ExecResult } from './exec.js';
import { adoptExportedCache, restoreLocalCache, saveLocalCache } from './local-cache.js';
import { PushError, withPushRetries } from './push.js';

/** `containerimage.digest` from buildx's --metadata-file. */
export function parseBuildxMetadata(text: string | undefined): { digest?: string; imageId?: string } {
  if (!text) return {};
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const digest = json['containerimage.digest'];
    const config = json['containerimage.config.digest'];
    return {
      ...(typeof digest === 'string' ? { digest } : {}),
      ...(typeof config === 'string' ? { imageId: config } : {}),
    };
  } catch {
    return {};
  }
}

const failedWhileExporting = (result: ExecResult) =>
  result.exitCode !== 0 &&
  /export(ing)? (to )?cache|cache export|failed to export cache/i.test(result.stderr);

export async function buildxBuildAndPush(exec: Exec, builder: Builder, job: BuildJob): Promise<BuildResult> {
  const { signal } = job.retry;
  const warnings: string[] = [];
  const notes: string[] = [];
  if (job.cache.mode === 'local') {
    const restored = await restoreLocalCache(job.cacheStore, job.cache);
    warnings.push(...restored.warnings);
    notes.push(...restored.notes);
  }
  const cache = buildxCacheArgs(job.cache, builder);
  warnings.push(...cache.notes);
  const metadataFile = path.join(job.tempDir, 'metadata.json');
  const iidFile = path.join(job.tempDir, 'iid');
  let cacheTo = cache.to;
  const run = async (): Promise<ExecResult> => {
    const spec = { ...job.spec, cacheFrom: cache.from, cacheTo, metadataFile, iidFile };
    const result = await exec('docker', buildxBuildArgs(spec), { stream: true, signal });
    if (failedWhileExporting(result) && cacheTo.length > 0) {
      warnings.push(
        `exporting the build cache failed; building again without exporting it: ${lastLines(result, 1)}`,
      );
      cacheTo = [];
      return run();
    }
    return result;
  };
  let result: ExecResult & { attempts: number };
  try {
    result = job.spec.push
      ? await withPushRetries('docker buildx build --push', run, job.retry)
      : { ...(await run()), attempts: 0 };
  } catch (error) {
    if (error instanceof PushError) throw new BuildError(error.message);
    throw error;
  }
  if (result.exitCode !== 0) {
    throw new BuildError(`docker buildx build failed (exit ${result.exitCode}): ${lastLines(result, 3)}`);
  }
  warnings.push(...cacheExportProblems(result.stderr).map((line) => `cache export: ${line}`));
  if (job.cache.mode === 'local' && cacheTo.length > 0) {
    adoptExportedCache(job.cache);
    const saved = await saveLocalCache(job.cacheStore, job.cache);
    warnings.push(...saved.warnings);
    notes.push(...saved.notes);
  }
  const metadata = parseBuildxMetadata(readTrimmed(metadataFile));
  const imageId = metadata.imageId ?? readTrimmed(iidFile);
  return {
    ...(imageId ? { imageId } : {}),
    ...(metadata.digest ? { reportedDigest: metadata.digest } : {}),
    pushAttempts: result.attempts,
    cacheWarnings: warnings,
    cacheNotes: notes,
  };
}
