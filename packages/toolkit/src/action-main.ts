// actionMain, the body of every main.ts: cancellation signal in, errors out as the runner's failure.
import { watchCancellation, CancelledError } from './cancel.js';
import { InputError, InputErrors } from './input-error.js';
import { runnerLog } from './publish.js';

/**
 * The body of every action's main.ts: runs `body` with a signal fired by SIGINT/SIGTERM and turns
 * errors into the runner's failure: one `::error::` per bad input (titled with its name), a
 * clear message for cancellation, and exit code 1, all through the redaction pass. Never throws.
 */
export async function actionMain(body: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const cancellation = watchCancellation();
  try {
    await body(cancellation.signal);
  } catch (error) {
    reportFailure(error);
  } finally {
    cancellation.dispose();
  }
}

export function reportFailure(error: unknown): void {
  process.exitCode = 1;
  if (error instanceof InputErrors || error instanceof InputError) {
    const errors = error instanceof InputErrors ? error.errors : [error];
    for (const e of errors) runnerLog.error(e.message, { title: `Bad input: ${e.input}` });
    runnerLog.error(`${errors.length} input(s) are not valid; nothing was changed.`);
    return;
  }
  if (error instanceof CancelledError) {
    runnerLog.error(`The run was cancelled (${error.reason}) before the step finished.`);
    return;
  }
  runnerLog.fail(error instanceof Error ? error.message : String(error));
  if (error instanceof Error && error.stack) runnerLog.debug(error.stack);
}
