// The step's deadline as a hard stop for a call in flight, on any clock, with an error naming the call.
import { abortReason, formatDuration, type Clock } from '@shipline/toolkit';

/**
 * How long a call already in flight at the deadline may still take before it is aborted. The
 * deadline itself only stops new attempts (a poll's last look happens right at it); this grace,
 * plus reporting, keeps every step within its `timeout` + 10 s.
 */
export const CALL_GRACE_MS = 3_000;

/** A fake clock moves without telling anyone: its time is re-read at least this often. */
const CLOCK_CHECK_MS = 1_000;

/** What a call was waiting for, for people: the operation and the endpoint it went to. */
export interface CallLabel {
  operation: string;
  endpoint: string;
}

/** An AWS call cut off at the step's hard stop: names the call and the endpoint it waited on. */
export class CallDeadlineError extends Error {
  override name = 'CallDeadlineError';
  constructor(
    readonly label: CallLabel | undefined,
    readonly waitedMs: number,
  ) {
    const what = label ? `${label.operation} to ${label.endpoint}` : 'An AWS call';
    super(
      `${what} got no answer before the step's deadline (waited ${formatDuration(waitedMs)} for it): ` +
        'the endpoint accepted the call but is slow or silent; the step stops here',
    );
  }
}

/**
 * An AbortSignal that fires when `clock` reaches `at`. The timer is real, but it re-reads the
 * clock at least every second, so a FakeClock moved by advance() or by other sleepers fires it too
 * (sleeping on an auto-advancing FakeClock would jump its time straight to `at`).
 */
export function clockDeadline(
  clock: Clock,
  at: number,
  reason: () => Error,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    const left = at - clock.now();
    if (left <= 0) return controller.abort(reason());
    timer = setTimeout(check, Math.min(left, CLOCK_CHECK_MS));
    timer.unref();
  };
  check();
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

/**
 * Runs `work` with a signal that fires at the clock's `at` (or with `cancel`), and settles no
 * later than that: an SDK that keeps waiting (a backoff sleep does not watch the signal) cannot
 * hold the step past its deadline.
 */
export async function withHardStop<T>(
  clock: Clock,
  at: number,
  cancel: AbortSignal | undefined,
  reason: () => Error,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = clockDeadline(clock, at, reason);
  const signal = cancel ? AbortSignal.any([cancel, deadline.signal]) : deadline.signal;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortReason(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(signal), stopped]);
  } finally {
    deadline.dispose();
    signal.removeEventListener('abort', onAbort!);
  }
}
