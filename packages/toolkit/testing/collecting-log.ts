// A log for tests: an ActionLog that keeps every line instead of printing it.
import type { ActionLog } from '../src/index.js';

export interface CollectingLog extends ActionLog {
  /** Everything in order: info lines as written, `warning: <message>`, and `── <group name>`. */
  readonly lines: string[];
  readonly infos: string[];
  readonly warnings: string[];
  /** The names of the groups opened, in order. */
  readonly groups: string[];
}

export function collectingLog(): CollectingLog {
  const lines: string[] = [];
  const infos: string[] = [];
  const warnings: string[] = [];
  const groups: string[] = [];
  return {
    lines,
    infos,
    warnings,
    groups,
    info: (message) => {
      infos.push(message);
      lines.push(message);
    },
    warning: (message) => {
      warnings.push(message);
      lines.push(`warning: ${message}`);
    },
    group: (name, body) => {
      groups.push(name);
      lines.push(`── ${name}`);
      return body();
    },
  };
}
