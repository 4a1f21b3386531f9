// When a failing health check in the probed container can no longer pass, so the probe stops
// waiting for it: the check's command is missing from the image, or the app is up and answers
// the checked port and path in a way that warming up does not change.

/** How long the app must have listened before a port it does not listen on counts as wrong. */
export const LISTENING_SETTLE_MS = 2_000;

/** 4xx answers that say "try again" rather than "not here". */
const RETRYABLE = new Set([408, 425, 429]);

export interface FailingCheck {
  /** The health check command's exit code (not 0). */
  healthExit: number;
  /** Ports the container's processes listen on now. */
  listening: number[];
  /** How long some port has been listened on (0: none yet). */
  listeningForMs: number;
  /** The port and path the check asks for, with the HTTP status each answered (0: no answer). */
  asks: { port: number; path: string; status: number }[];
}

/**
 * Whether the failure is final: exit 126/127 (the shell found no such command, or could not run
 * it); or the app has listened for LISTENING_SETTLE_MS and every asked port is either one it does
 * not listen on or answers a client error such as 404. A 5xx, no answer, or an app still opening
 * its ports may be warming up: the probe then waits to its deadline, as before.
 */
export function failureSettled(check: FailingCheck): boolean {
  if (check.healthExit === 126 || check.healthExit === 127) return true;
  if (check.listening.length === 0 || check.listeningForMs < LISTENING_SETTLE_MS) return false;
  return (
    check.asks.length > 0 &&
    check.asks.every(
      (ask) =>
        !check.listening.includes(ask.port) ||
        (ask.status >= 400 && ask.status < 500 && !RETRYABLE.has(ask.status)),
    )
  );
}
