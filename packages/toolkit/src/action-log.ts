import { runnerLog } from './publish.js';

/** Where domain code reports progress; actions pass `actionLog`, tests and libraries their own. */
export interface ActionLog {
  info(message: string): void;
  warning(message: string): void;
  group<T>(name: string, body: () => Promise<T>): Promise<T>;
}

/** The runner's log (lines, warning annotations, collapsible groups), through the redaction pass. */
export const actionLog: ActionLog = {
  info: (message) => runnerLog.info(message),
  warning: (message) => runnerLog.warning(message),
  group: (name, body) => runnerLog.group(name, body),
};

/** Prints nothing: for callers that only want the result. */
export const silentLog: ActionLog = {
  info: () => undefined,
  warning: () => undefined,
  group: (_name, body) => body(),
};

/**
 * A log for one of several tasks running at once: every line carries `[prefix]`, and groups become
 * plain heading lines, since the runner's groups cannot interleave.
 */
export function prefixedLog(prefix: string, log: ActionLog): ActionLog {
  return {
    info: (message) => log.info(`[${prefix}] ${message}`),
    warning: (message) => log.warning(`[${prefix}] ${message}`),
    group: (name, body) => {
      log.info(`[${prefix}] ── ${name}`);
      return body();
    },
  };
}
