// When sampling can stop early: a check whose samples so far make it fail whatever the rest answer.
import type { CheckRun, SmokeOptions } from './types.js';

/**
 * Why `run` fails whatever its remaining samples answer, or undefined while it still could pass.
 * Holds the same rules judgeCheck applies at the end, against the planned `options.samples`:
 * one stale version fails it; errors fail it once they alone exceed max-error-rate of the planned
 * count; p95 (nearest rank) is over max-p95-ms once more samples are slower than the limit than
 * the fastest 95 % of the planned count leave room for. Fewer samples (the check stopped early)
 * only make each of these larger, so the verdict over what was taken is the same failure.
 */
export function decidedFailure(run: CheckRun, options: SmokeOptions): string | undefined {
  const planned = options.samples;
  const stale = run.samples.filter((s) => s.versionProblem).length;
  if (stale > 0) return `${stale} response(s) served another version than expected`;
  const errors = run.samples.filter((s) => s.problem).length;
  if (errors / planned > options.maxErrorRate)
    return `${errors} failed request(s) already put the error rate over max-error-rate`;
  const slow = run.samples.filter((s) => s.latencyMs !== undefined && s.latencyMs > options.maxP95Ms).length;
  if (slow >= slowestAllowed(planned) + 1)
    return `${slow} request(s) slower than max-p95-ms ${options.maxP95Ms} ms already put p95 over it`;
  return undefined;
}

/** How many of `count` latencies may exceed a limit while the nearest-rank p95 stays within it. */
function slowestAllowed(count: number): number {
  return count - Math.ceil(0.95 * count);
}
