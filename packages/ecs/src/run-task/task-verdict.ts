// What a stopped one-off task says: the watched container's exit code, ECS's stop code and reason,
// and the step's error built from them with the last log lines.
import type { Task } from '@aws-sdk/client-ecs';
import type { RunTaskOutcome, RunTaskResult } from './run-task-types.js';

/** How many of the last log lines the step's error quotes. */
export const ERROR_LINES = 10;

type Verdict = Pick<RunTaskResult, 'outcome' | 'exitCode' | 'stopCode' | 'stoppedReason' | 'containerReason'>;

/** Succeeded only when the watched container exited 0; never started when it never ran. */
export function judgeStoppedTask(task: Task, container: string): Verdict {
  const watched = task.containers?.find((c) => c.name === container);
  const verdict: Verdict = { outcome: 'failed' };
  if (watched?.exitCode !== undefined) verdict.exitCode = watched.exitCode;
  if (task.stopCode) verdict.stopCode = task.stopCode;
  if (task.stoppedReason) verdict.stoppedReason = task.stoppedReason;
  if (watched?.reason) verdict.containerReason = watched.reason;
  if (watched?.exitCode === 0) verdict.outcome = 'succeeded';
  else if (task.startedAt === undefined && watched?.exitCode === undefined) verdict.outcome = 'not-started';
  return verdict;
}

const WHAT: Record<Exclude<RunTaskOutcome, 'succeeded'>, string> = {
  failed: 'failed',
  'not-started': 'never started',
  'timed-out': 'did not stop before the timeout',
  cancelled: 'was cancelled',
};

/** The step's error: what ended the task, then the last log lines (escaped), newest last. */
export function failureMessage(result: Omit<RunTaskResult, 'failure'>, what: string): string {
  if (result.outcome === 'succeeded') return '';
  const facts = [
    result.exitCode !== undefined
      ? `container ${result.container} exited with code ${result.exitCode}`
      : `container ${result.container} has no exit code`,
    result.stopCode ? `stop code ${result.stopCode}` : '',
    result.stoppedReason ? `reason: ${result.stoppedReason}` : '',
    result.containerReason && result.containerReason !== result.stoppedReason
      ? `container reason: ${result.containerReason}`
      : '',
    result.stopNote ?? '',
  ].filter(Boolean);
  const lines = result.lastLines.slice(-ERROR_LINES);
  const tail =
    lines.length > 0
      ? `\nLast ${lines.length} log line(s) of ${result.container}:\n${lines.map((l) => `  ${l}`).join('\n')}`
      : result.logNote
        ? `\n(No log lines: ${result.logNote}.)`
        : '';
  return `${what} ${WHAT[result.outcome]}: ${facts.join('; ')}.${tail}`;
}
