// The bake-time input: read it and check it against wait and timeout.
import { formatDuration, InputError, parseDuration, quoteValue, readInput } from '@shipline/toolkit';

/** Past an hour a runner sits idle for nothing: ECS's own bake (bakeTimeInMinutes) does it server-side. */
export const MAX_BAKE_MS = 60 * 60_000;
/** A GitHub-hosted job's limit: a step that may run longer is killed before its verdict. */
export const MAX_STEP_MS = 6 * 3_600_000;

const EXAMPLE = '5m (0 turns the bake off)';

/**
 * `bake-time`: 0 (off, the default) or a duration from 1s to 1h, in ms. `maxMs` allows more where
 * the bake may be ECS's own (a native strategy: up to 24h, checked per service by its strategy).
 */
export function readBakeTime(name = 'bake-time', maxMs = MAX_BAKE_MS): number {
  return readInput(name, { default: 0, example: EXAMPLE }, EXAMPLE, (text, fail) => {
    if (text.trim() === '0') return 0;
    let ms = 0;
    try {
      ms = parseDuration(text);
    } catch (error) {
      fail(`is not a duration: ${(error as Error).message} (units: ms, s, m, h; 0 turns the bake off)`);
    }
    if (ms > 0 && ms < 1_000) fail(`${quoteValue(text)} is shorter than 1s: use 0 to turn the bake off`);
    if (ms > maxMs && maxMs > MAX_BAKE_MS) {
      fail(`${quoteValue(text)} is longer than ECS allows (bakeTimeInMinutes: at most 24h)`);
    }
    if (ms > maxMs) {
      fail(
        `${quoteValue(text)} is longer than the 1h maximum: for longer, use ECS's own bake (deploymentConfiguration.bakeTimeInMinutes with a BLUE_GREEN, LINEAR or CANARY strategy)`,
      );
    }
    return ms;
  });
}

/**
 * The bake comes after the rollout's `timeout`, so the step takes at most timeout + bake-time
 * (+ the rollback budget on failure): refuses a bake that cannot happen (wait: false) or a sum
 * past a GitHub-hosted job's 6 h.
 */
export function checkBakeTime(options: { bakeTimeMs: number; timeoutMs: number; wait: boolean }): void {
  if (options.bakeTimeMs === 0) return;
  if (!options.wait) {
    throw new InputError(
      'bake-time',
      'needs wait: true: the bake follows the deployment after it COMPLETES, which wait: false does not wait for',
      'wait: true with bake-time: 5m, or bake-time: 0',
    );
  }
  if (options.timeoutMs + options.bakeTimeMs > MAX_STEP_MS) {
    throw new InputError(
      'bake-time',
      `plus timeout (${formatDuration(options.timeoutMs)}) is more than 6h, a GitHub-hosted job's limit: the step would be killed before its verdict`,
      'timeout: 30m with bake-time: 10m',
    );
  }
}
