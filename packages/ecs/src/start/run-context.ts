// The start of every deploy or rollback: its clock, its deadline as the context every call carries.
import type { ECSClient } from '@aws-sdk/client-ecs';
import { systemClock, type Clock } from '@shipline/toolkit';
import { CALL_GRACE_MS } from '../client/call-deadline.js';
import { checkCredentials } from '../client/credentials.js';
import type { CallContext } from '../client/ecs-client.js';

/**
 * The start of every deploy or rollback: the clock, the deadline every call is bounded by (with
 * the hard stop CALL_GRACE_MS after it, at which calls still in flight are aborted), and the
 * credentials checked (with a warning when they expire first) before anything is changed.
 */
export async function beginRun(
  deps: { ecs: ECSClient; log: { warning(message: string): void }; signal?: AbortSignal; clock?: Clock },
  timeoutMs: number,
): Promise<{ clock: Clock; startedAt: number; context: CallContext }> {
  const clock = deps.clock ?? systemClock;
  const startedAt = clock.now();
  const deadline = startedAt + timeoutMs;
  const context: CallContext = { deadline, hardStop: deadline + CALL_GRACE_MS, signal: deps.signal, clock };
  const expiryWarning = await checkCredentials(deps.ecs, context.deadline, startedAt, context);
  if (expiryWarning) deps.log.warning(expiryWarning);
  return { clock, startedAt, context };
}
