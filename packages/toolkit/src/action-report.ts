// What a finished run leaves behind, as data (ActionReport), and the one helper that publishes it.
import { CancelledError } from './cancel.js';
import { publishOutputs, runnerLog } from './publish.js';
import { appendSummary } from './summary.js';

/** A line for the log after the run: info, or an annotation with an optional title. */
export interface ReportLine {
  level: 'info' | 'warning' | 'error';
  message: string;
  title?: string;
}

/** Built by each action's pure report module from its run's result; published by publishReport. */
export interface ActionReport {
  outputs: Record<string, string>;
  /** Markdown sections of the job summary (empty ones are left out). */
  summary: string[];
  /** Written after the outputs and the summary, in order. */
  lines?: ReportLine[];
  /** Set when SIGINT/SIGTERM stopped the run: the step ends cancelled, after publishing the rest. */
  cancelled?: string;
  /** Set when the step fails: an error annotation and exit code 1, after everything else. */
  failure?: string;
}

/**
 * Publishes a report: outputs, job summary, log lines, then the verdict. A cancelled run throws
 * CancelledError for actionMain to report, as a wait cut short does.
 */
export async function publishReport(report: ActionReport): Promise<void> {
  publishOutputs(report.outputs);
  await appendSummary(...report.summary);
  for (const line of report.lines ?? []) {
    const properties = line.title === undefined ? undefined : { title: line.title };
    if (line.level === 'info') runnerLog.info(line.message);
    else runnerLog[line.level](line.message, properties);
  }
  if (report.cancelled !== undefined) throw new CancelledError(report.cancelled);
  if (report.failure !== undefined) runnerLog.fail(report.failure);
}
