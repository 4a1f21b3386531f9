// RunTask that does not lose the task it started: a cancel does not abort the call, and a call cut
// off before its answer (the cancel's wait over, or the step's deadline) is resent once with the
// same clientToken, which ECS answers with the task it already started.
import {
  RunTaskCommand,
  type ECSClient,
  type RunTaskCommandInput,
  type RunTaskCommandOutput,
} from '@aws-sdk/client-ecs';
import { abortReason, formatDuration, systemClock } from '@shipline/toolkit';
import { describeAwsError, isTransientAwsError } from '../client/aws-errors.js';
import { CallDeadlineError, clockDeadline } from '../client/call-deadline.js';
import { callEcs, type CallContext } from '../client/ecs-client.js';

/**
 * After a cancel, RunTask's answer is still waited for this long: ECS has usually received the call
 * already, and only its answer names the task to stop (stop-task's STOP_BUDGET_MS, 5 s from the
 * cancel, covers this wait, the resend below and the StopTask).
 */
export const RUN_TASK_CANCEL_WAIT_MS = 2_000;
/** A cut-off RunTask is sent once more, for this long, with the same clientToken. */
export const RUN_TASK_RESEND_MS = 1_000;

/**
 * What cut RunTask off before its answer: the run's cancel (after RUN_TASK_CANCEL_WAIT_MS) or the
 * step's deadline (the call still in flight at its hard stop, or its retries stopped by it).
 */
export type RunTaskCutOff = 'cancel' | 'deadline';

/**
 * Sends RunTask, bounded by the context's deadline but not aborted by its cancel signal. `onCutOff`
 * is told when a cancel comes while the call is in flight (the call then goes on for waitMs =
 * RUN_TASK_CANCEL_WAIT_MS) and when the deadline cuts it off (waitMs = RUN_TASK_RESEND_MS, the
 * resend). A cut-off call is resent once with the same clientToken; if that gets no answer either,
 * the error says that a task may be running and how to find it.
 */
export async function sendRunTask(
  ecs: ECSClient,
  input: RunTaskCommandInput,
  context: CallContext,
  onCutOff: (by: RunTaskCutOff, waitMs: number) => void,
): Promise<RunTaskCommandOutput> {
  const clock = context.clock ?? systemClock;
  const cancel = context.signal;
  const send = (c: CallContext) => callEcs(c, (o) => ecs.send(new RunTaskCommand(input), o));
  if (cancel?.aborted) throw abortReason(cancel);
  const sentAt = clock.now();
  const wait = new AbortController();
  let cancelledAt: number | undefined;
  let waitDeadline: { dispose(): void } | undefined;
  const onAbort = () => {
    cancelledAt = clock.now();
    onCutOff('cancel', RUN_TASK_CANCEL_WAIT_MS);
    const deadline = clockDeadline(clock, cancelledAt + RUN_TASK_CANCEL_WAIT_MS, () => abortReason(cancel!));
    waitDeadline = deadline;
    deadline.signal.addEventListener('abort', () => wait.abort(deadline.signal.reason), { once: true });
  };
  cancel?.addEventListener('abort', onAbort, { once: true });
  try {
    return await send({ ...context, signal: wait.signal });
  } catch (error) {
    if (!wait.signal.aborted && !mayHaveReachedEcs(error)) throw error;
    const by: RunTaskCutOff = cancelledAt === undefined ? 'deadline' : 'cancel';
    // The cancel's resend ends RUN_TASK_RESEND_MS after its wait; the deadline's, after the cut.
    const cutAt =
      cancelledAt === undefined ? clock.now() : Math.min(clock.now(), cancelledAt + RUN_TASK_CANCEL_WAIT_MS);
    if (by === 'deadline') onCutOff('deadline', RUN_TASK_RESEND_MS);
    const until = cutAt + RUN_TASK_RESEND_MS;
    return await send({ deadline: until, hardStop: until, clock }).catch((resent: unknown) => {
      const why = by === 'cancel' ? 'The run was cancelled' : "The step's timeout was reached";
      const waited =
        by === 'cancel'
          ? `within ${formatDuration(until - cancelledAt!)} of the cancel`
          : `in ${formatDuration(until - sentAt)}`;
      const what =
        resent instanceof CallDeadlineError
          ? `got no answer ${waited}, sent twice with the same clientToken`
          : `resent with the same clientToken, failed (${describeAwsError(resent)})`;
      throw new Error(
        `${why} while RunTask was in flight, and RunTask ${what}: a task started by '${input.startedBy}' ` +
          `may be running; look with aws ecs list-tasks --cluster ${input.cluster} --started-by ${input.startedBy}`,
        { cause: resent },
      );
    });
  } finally {
    cancel?.removeEventListener('abort', onAbort);
    waitDeadline?.dispose();
  }
}

/**
 * Whether a RunTask that failed may have reached ECS, which may have started the task: cut off at
 * the hard stop, or its retries stopped by the deadline after a timeout, a dropped connection or a
 * 5xx. A throttle or any other refusal is ECS's answer that it started nothing.
 */
function mayHaveReachedEcs(error: unknown): boolean {
  if (error instanceof CallDeadlineError) return true;
  // callEcs words a call with no answer as an Error whose cause is the SDK's.
  const cause = error instanceof Error && !('$metadata' in error) ? error.cause : undefined;
  return [error, cause].some(
    (e) =>
      isTransientAwsError(e) &&
      !/Throttl|TooManyRequests|RequestLimitExceeded|Rate exceeded/i.test(
        `${(e as Error).name} ${(e as Error).message}`,
      ),
  );
}
