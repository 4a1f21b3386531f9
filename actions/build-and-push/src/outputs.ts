// Outputs and the job summary of a finished run.
import { describeBuilder, formatSize } from '@shipline/docker';
import { appendSummary, formatDuration, markdownTable, publishOutputs } from '@shipline/toolkit';
import type { RunOptions, RunResult } from './run.js';

export function metadataOf(options: RunOptions, result: RunResult): Record<string, unknown> {
  return {
    image: result.image,
    registry: options.image.host,
    repository: options.image.repository,
    registryType: options.registryType,
    digest: result.digest,
    digestSource: result.digestSource,
    imageRef: result.imageRef,
    tags: result.tags,
    immutableTag: options.tags.immutable ?? null,
    skipped: result.skipped,
    pushed: result.pushed,
    retagged: result.retagged,
    builder: {
      kind: result.builder.kind,
      version: result.builder.version,
      driver: result.builder.driver ?? null,
    },
    cache: options.cache,
    platforms: options.platforms,
    labels: result.labels,
    imageId: result.imageId ?? null,
    sizeBytes: result.sizeBytes ?? null,
    pushAttempts: result.pushAttempts,
    revision: options.git.sha,
    ref: options.git.ref,
    durationMs: result.durationMs,
  };
}

export function setOutputs(options: RunOptions, result: RunResult): void {
  publishOutputs({
    image: result.image,
    digest: result.digest,
    'image-ref': result.imageRef,
    tags: JSON.stringify(result.tags),
    skipped: String(result.skipped),
    metadata: JSON.stringify(metadataOf(options, result)),
  });
}

function outcome(result: RunResult): string {
  const took = formatDuration(result.durationMs);
  if (result.skipped) {
    const moved = result.retagged.length > 0 ? `; moved ${result.retagged.join(', ')} to it` : '';
    return `skipped: the sha tag was already in the registry${moved} (${took})`;
  }
  const attempts = result.pushAttempts > 1 ? ` (push took ${result.pushAttempts} attempts)` : '';
  return `${result.pushed ? 'built and pushed' : 'built, not pushed'} in ${took}${attempts}`;
}

export async function writeSummary(options: RunOptions, result: RunResult): Promise<void> {
  const size =
    result.sizeBytes === undefined
      ? 'unknown'
      : `${formatSize(result.sizeBytes)}${result.pushed || result.skipped ? ' (compressed, in the registry)' : ''}`;
  const rows: string[][] = [
    ['image', `\`${result.image}\``],
    ['image-ref', `\`${result.imageRef}\``],
    ['digest', `\`${result.digest}\``],
    ['tags', result.tags.map((tag) => `\`${tag}\``).join('<br>')],
    ['size', size],
    [
      'builder',
      result.skipped ? `${describeBuilder(result.builder)} (not used)` : describeBuilder(result.builder),
    ],
    ['cache', options.cache],
    ['result', outcome(result)],
  ];
  const warnings =
    result.warnings.length > 0 ? `**Warnings**\n\n${result.warnings.map((w) => `- ${w}`).join('\n')}` : '';
  await appendSummary('### Build and push', markdownTable(['', ''], rows), warnings);
}
