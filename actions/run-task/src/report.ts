// What run-task leaves, as data: outputs, the job summary (exit code, duration, the last lines in a
// collapsible block) and the verdict; pure.
import { LAST_LINES, shortArn, type RunTaskResult } from '@shipline/ecs';
import { details, escapeHtml, markdownTable, type ActionReport } from '@shipline/toolkit';

const TITLE: Record<RunTaskResult['outcome'], string> = {
  succeeded: '✅ exited 0',
  failed: '❌ failed',
  'not-started': '❌ never started',
  'timed-out': '⏱️ timed out',
  cancelled: '🛑 cancelled',
};

export function runTaskReport(result: RunTaskResult): ActionReport {
  const outputs = {
    'task-arn': result.taskArn ?? '',
    'task-definition-arn': result.taskDefinitionArn,
    'exit-code': result.exitCode === undefined ? '' : String(result.exitCode),
    'duration-seconds': String(result.durationSeconds),
    'failure-reason': result.outcome === 'succeeded' ? '' : (result.failure ?? ''),
  };
  const report: ActionReport = { outputs, summary: summary(result) };
  if (result.outcome === 'succeeded') {
    report.lines = [
      { level: 'info', message: `Task ${taskId(result)} exited 0 in ${result.durationSeconds}s.` },
    ];
  } else if (result.outcome === 'cancelled') {
    report.cancelled = `run-task cancelled: ${result.stopNote ?? 'nothing was running'}`;
    report.lines = [{ level: 'error', message: result.failure ?? 'cancelled', title: 'run-task: cancelled' }];
  } else {
    report.failure = result.failure ?? `Task ${taskId(result)} ${result.outcome}`;
  }
  return report;
}

const taskId = (result: RunTaskResult) =>
  result.taskArn ? result.taskArn.slice(result.taskArn.lastIndexOf('/') + 1) : '(none)';

function summary(result: RunTaskResult): string[] {
  const rows = [
    ['task', taskId(result)],
    ['task definition', `${shortArn(result.taskDefinitionArn)} (${result.taskDefinitionNote})`],
    ['container', result.container],
    ['exit code', result.exitCode ?? '—'],
    ['duration', `${result.durationSeconds}s`],
  ];
  if (result.stopCode) rows.push(['stop code', result.stopCode]);
  if (result.stoppedReason) rows.push(['stopped reason', escapeHtml(result.stoppedReason)]);
  if (result.containerReason && result.containerReason !== result.stoppedReason)
    rows.push(['container reason', escapeHtml(result.containerReason)]);
  if (result.stopNote) rows.push(['on timeout / cancel', result.stopNote]);
  const sections = [`### run-task: ${TITLE[result.outcome]}`, markdownTable(['field', 'value'], rows)];
  if (result.outcome !== 'succeeded' && !result.taskArn && result.failure)
    sections.push(escapeHtml(result.failure));
  const lines = result.lastLines.slice(-LAST_LINES);
  if (lines.length > 0) {
    sections.push(
      details(
        `Last ${lines.length} log line(s) of ${result.container}`,
        `<pre>${escapeHtml(lines.join('\n'))}</pre>`,
      ),
    );
  } else if (result.logNote) {
    sections.push(`No log lines: ${escapeHtml(result.logNote)}.`);
  }
  return sections;
}
