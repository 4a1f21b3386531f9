// What build-and-push leaves, as data: outputs (metadata JSON among them), the job summary, a line.
import { describeBuilder, formatSize } from '@shipline/docker';
import { formatDuration, markdownTable, type ActionReport } from '@shipline/toolkit';
import type { RunOptions, RunResult } from './types.js';

/** Everything the step publishes. */
export function buildReport(options: RunOptions, result: RunResult): ActionReport {
  const done = result.skipped ? 'Already in the registry' : result.pushed ? 'Pushed' : 'Built';
  return {
    outputs: outputs(options, result),
    summary: summary(options, result),
    lines: [{ level: 'info', message: `${done}: ${result.imageRef}` }],
  };
}

function metadataOf(options: RunOptions, result: RunResult): Record<string, unknown> {
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

function outputs(options: RunOptions, result: RunResult): Record<string, string> {
  return {
    image: result.image,
    digest: result.digest,
    'image-ref': result.imageRef,
    tags: JSON.stringify(result.tags),
    skipped: String(result.skipped),
    metadata: JSON.stringify(metadataOf(options, result)),
  };
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

function summary(options: RunOptions, result: RunResult): string[] {
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
  return ['### Build and push', markdownTable(['', ''], rows), warnings];
}
