// Where progress and warnings go: the step log and annotations by default; tests collect them.
import { runnerLog } from '@shipline/toolkit';

export interface Reporter {
  info(message: string): void;
  /** An annotation: something the user should look at, though the step goes on. */
  warning(message: string): void;
}

/** The step log through the toolkit's redaction pass: build output cannot start a workflow command. */
export const coreReporter: Reporter = {
  info: (message) => runnerLog.info(message),
  warning: (message) => runnerLog.warning(message),
};

/** Collects messages instead of printing them (tests, and callers that report later). */
export function collectingReporter(): Reporter & { infos: string[]; warnings: string[] } {
  const infos: string[] = [];
  const warnings: string[] = [];
  return { infos, warnings, info: (m) => void infos.push(m), warning: (m) => void warnings.push(m) };
}
