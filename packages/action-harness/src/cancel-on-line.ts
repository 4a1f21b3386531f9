// Cancelling a run the way the runner cancels a job, once main prints a given line: a cancel test
// then lands where it means to on any machine, not after a fixed time that a busy one may reach
// before the action has started (or listens for the signal).
import type { RunActionOptions } from './types.js';

export interface LineCancel extends Required<Pick<RunActionOptions, 'signal' | 'onLine'>> {
  /** Date.now() when the line came and the cancel was sent; undefined if it never came. */
  readonly cancelledAt: number | undefined;
}

/** `signal` and `onLine` for runAction: cancels at main's first line equal to `line` (or matching it). */
export function cancelOnLine(line: string | RegExp): LineCancel {
  const controller = new AbortController();
  let cancelledAt: number | undefined;
  const matches = (text: string) => (typeof line === 'string' ? text === line : line.test(text));
  return {
    signal: controller.signal,
    onLine: (stage, _stream, text) => {
      if (stage !== 'main' || cancelledAt !== undefined || !matches(text)) return;
      cancelledAt = Date.now();
      controller.abort();
    },
    get cancelledAt() {
      return cancelledAt;
    },
  };
}
