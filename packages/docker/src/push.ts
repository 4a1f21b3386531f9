// Pushing with retries: transient registry failures (5xx, resets, "blob upload unknown") are tried
// again with backoff, up to `retries` more times; anything else fails at once with a clear reason.
import { retry, type Clock } from '@shipline/toolkit';
import { classicPushArgs } from './build-command.js';
import type { Exec, ExecResult } from './exec.js';
import { explainPushFailure, isTransientPushError, parsePushDigest } from './push-errors.js';

export class PushError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'PushError';
  }
}

export interface RetryNotice {
  what: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface PushRetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** Before each wait: say what failed and when the next attempt starts. */
  onRetry?: (notice: RetryNotice) => void;
  baseDelayMs?: number;
}

/**
 * Runs `attempt` (a docker command that pushes) until it exits 0. Transient failures are retried;
 * the error after the last attempt says how many were made.
 */
export async function withPushRetries(
  what: string,
  attempt: () => Promise<ExecResult>,
  options: PushRetryOptions,
): Promise<ExecResult & { attempts: number }> {
  let attempts = 0;
  const attemptsAllowed = options.retries + 1;
  try {
    const result = await retry(
      async () => {
        attempts++;
        const result = await attempt();
        if (result.exitCode === 0) return result;
        const output = `${result.stdout}\n${result.stderr}`;
        throw new PushError(explainPushFailure(output), isTransientPushError(output));
      },
      {
        attempts: attemptsAllowed,
        baseDelayMs: options.baseDelayMs ?? 2_000,
        maxDelayMs: 30_000,
        retryable: (error) => error instanceof PushError && error.transient,
        onRetry: ({ attempt: n, delayMs, error }) =>
          options.onRetry?.({ what, attempt: n, delayMs, reason: (error as Error).message }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
      },
    );
    return { ...result, attempts };
  } catch (error) {
    if (!(error instanceof PushError)) throw error;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const hint = error.transient && attempts >= attemptsAllowed ? " (raise 'retries' to try longer)" : '';
    throw new PushError(`${what} failed${tries}: ${error.message}${hint}`, error.transient);
  }
}

/** `docker push image:tag` with retries; returns the digest docker reported, when it did. */
export async function pushTag(
  exec: Exec,
  ref: string,
  options: PushRetryOptions & { stream?: boolean },
): Promise<{ reportedDigest?: string; attempts: number }> {
  const result = await withPushRetries(
    `docker push ${ref}`,
    () => exec('docker', classicPushArgs(ref), { stream: options.stream ?? true, signal: options.signal }),
    options,
  );
  const reportedDigest = parsePushDigest(result.stdout);
  return { attempts: result.attempts, ...(reportedDigest ? { reportedDigest } : {}) };
}
