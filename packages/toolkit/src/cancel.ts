// Cancellation: SIGINT/SIGTERM as one AbortSignal, CancelledError, and a sleep that a signal ends.
import type { EventEmitter } from 'node:events';

/** Raised when a wait is cut short by SIGINT/SIGTERM or an aborted signal. */
export class CancelledError extends Error {
  constructor(readonly reason: string) {
    super(`cancelled (${reason})`);
    this.name = 'CancelledError';
  }
}

export interface Cancellation {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * One AbortSignal fired by the first SIGINT or SIGTERM. The runner sends SIGINT on cancel, then
 * SIGTERM 7.5 s later and SIGKILL 2.5 s after that: handling the first one lets the action report
 * the state it reached and exit on its own terms.
 */
export function watchCancellation(proc: EventEmitter = process): Cancellation {
  const controller = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = (): void => {
      if (!controller.signal.aborted) controller.abort(new CancelledError(name));
    };
    proc.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    dispose: () => handlers.forEach(([name, handler]) => proc.off(name, handler)),
  };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new CancelledError(String(reason ?? 'aborted'));
}
