// The one log interface: ActionLog, with the runner's (actionLog), a silent one and a prefixed one.
import { runnerLog, type AnnotationProperties } from './publish.js';

/** Where actions and domain code report progress; actions pass `actionLog`, tests `collectingLog()`. */
export interface ActionLog {
  info(message: string): void;
  /** A warning annotation: something to look at, though the step goes on. */
  warning(message: string, properties?: AnnotationProperties): void;
  /** Shown only with step debug logging on; logs that keep no debug lines leave it out. */
  debug?(message: string): void;
  group<T>(name: string, body: () => Promise<T>): Promise<T>;
}

/** The runner's log (lines, warning annotations, collapsible groups), through the redaction pass. */
export const actionLog: ActionLog = {
  info: (message) => runnerLog.info(message),
  warning: (message, properties) => runnerLog.warning(message, properties),
  debug: (message) => runnerLog.debug(message),
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
    warning: (message, properties) => log.warning(`[${prefix}] ${message}`, properties),
    debug: (message) => log.debug?.(`[${prefix}] ${message}`),
    group: (name, body) => {
      log.info(`[${prefix}] ── ${name}`);
      return body();
    },
  };
}
