import type { ECSClient } from '@aws-sdk/client-ecs';
import { formatDuration } from '@shipline/toolkit';

/**
 * Resolves the client's AWS credentials before anything is changed (no credentials is a clear
 * error, not a failed call half-way) and returns a warning when they expire before the deadline,
 * since the wait would then end in ExpiredToken rather than a verdict.
 */
export async function checkCredentials(
  ecs: ECSClient,
  deadline: number,
  now = Date.now(),
): Promise<string | undefined> {
  let credentials: { expiration?: Date };
  try {
    credentials = await ecs.config.credentials();
  } catch (error) {
    throw new Error(
      `No AWS credentials were found (${(error as Error).message}). Configure them before this step, e.g. with aws-actions/configure-aws-credentials; nothing was changed.`,
      { cause: error },
    );
  }
  const expiration = credentials.expiration?.getTime();
  if (expiration === undefined || expiration >= deadline) return undefined;
  const left = Math.max(0, expiration - now);
  return `The AWS credentials expire in ${formatDuration(left)} (${new Date(expiration).toISOString()}), before this step's deadline in ${formatDuration(Math.max(0, deadline - now))}: a long wait would end in ExpiredToken. Ask for a longer session (role-duration-seconds) or a shorter timeout.`;
}
