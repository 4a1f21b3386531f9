// The one way an action writes where others read: the log, annotations, outputs, the failure. The
// runner masks registered secrets in the log only, and only in the forms it knows; outputs and
// annotation titles are read by later steps and people. Every write here is redacted with every
// registered form (see secretForms), and log lines can never start a workflow command.
import * as core from '@actions/core';
import { redactSecrets } from './secrets.js';
import { logLines, printable } from './untrusted.js';

export type AnnotationProperties = core.AnnotationProperties;

const safeLines = (message: string): string => logLines(redactSecrets(message));

function annotation(properties?: AnnotationProperties): AnnotationProperties | undefined {
  if (!properties?.title) return properties;
  return { ...properties, title: printable(redactSecrets(properties.title)) };
}

/** The runner's log through the redaction pass; core's own escaping keeps annotations one command. */
export const runnerLog = {
  info: (message: string): void => core.info(safeLines(message)),
  debug: (message: string): void => core.debug(redactSecrets(message)),
  notice: (message: string, properties?: AnnotationProperties): void =>
    core.notice(redactSecrets(message), annotation(properties)),
  warning: (message: string, properties?: AnnotationProperties): void =>
    core.warning(redactSecrets(message), annotation(properties)),
  error: (message: string, properties?: AnnotationProperties): void =>
    core.error(redactSecrets(message), annotation(properties)),
  group: <T>(name: string, body: () => Promise<T>): Promise<T> =>
    core.group(printable(redactSecrets(name)), body),
  /** Marks the step failed (exit code 1) with an error annotation. */
  fail: (message: string): void => core.setFailed(redactSecrets(message)),
};

/** Sets one step output, redacted: outputs are stored and passed on unmasked. */
export function setOutput(name: string, value: string): void {
  core.setOutput(name, redactSecrets(value));
}

/** Sets every output of a record; actions publish through publishReport, which calls this. */
export function publishOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) setOutput(name, value);
}
