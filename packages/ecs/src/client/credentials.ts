// The AWS credentials resolved (and their secret parts masked) before any change, with a warning
// when they expire before the step's deadline.
import type { ECSClient } from '@aws-sdk/client-ecs';
import { formatDuration, maskSecret, systemClock, type Clock } from '@shipline/toolkit';
import { CALL_GRACE_MS, withHardStop } from './call-deadline.js';

/**
 * Resolves the client's AWS credentials before anything is changed (no credentials is a clear
 * error, not a failed call half-way) and returns a warning when they expire before the deadline,
 * since the wait would then end in ExpiredToken rather than a verdict. A credential source that
 * does not answer (a metadata endpoint, an SSO or STS call) is cut off at the step's hard stop.
 * The secret key and session token are registered as secrets as soon as they are known, whatever
 * their source: an AWS error or a proxy page may echo them, and the runner masks only the
 * workflow's own secrets, not what configure-aws-credentials exported.
 */
export async function checkCredentials(
  ecs: ECSClient,
  deadline: number,
  now = Date.now(),
  bound: { clock?: Clock; hardStop?: number; signal?: AbortSignal } = {},
): Promise<string | undefined> {
  // Without a clock, time runs from the `now` given (tests pass one far from the wall clock).
  const offset = now - Date.now();
  const clock = bound.clock ?? { ...systemClock, now: () => Date.now() + offset };
  const hardStop = bound.hardStop ?? deadline + CALL_GRACE_MS;
  let credentials: { expiration?: Date; secretAccessKey?: string; sessionToken?: string };
  try {
    credentials = await withHardStop(
      clock,
      hardStop,
      bound.signal,
      () =>
        new Error(
          `Resolving the AWS credentials got no answer before the step's deadline (waited ${formatDuration(hardStop - now)}); nothing was changed.`,
        ),
      () => ecs.config.credentials(),
    );
  } catch (error) {
    if (bound.signal?.aborted || clock.now() >= hardStop) throw error;
    throw new Error(
      `No AWS credentials were found (${(error as Error).message}). Configure them before this step, e.g. with aws-actions/configure-aws-credentials; nothing was changed.`,
      { cause: error },
    );
  }
  maskSecret(credentials.secretAccessKey);
  maskSecret(credentials.sessionToken);
  const expiration = credentials.expiration?.getTime();
  if (expiration === undefined || expiration >= deadline) return undefined;
  const left = Math.max(0, expiration - now);
  return `The AWS credentials expire in ${formatDuration(left)} (${new Date(expiration).toISOString()}), before this step's deadline in ${formatDuration(Math.max(0, deadline - now))}: a long wait would end in ExpiredToken. Ask for a longer session (role-duration-seconds) or a shorter timeout.`;
}
