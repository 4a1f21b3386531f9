// The rollback's report as data: outputs, job summary, warnings for a cancelled run, the verdict.
import { shortArn, type ServiceRollback } from '@shipline/ecs';
import { details, markdownTable, type ActionReport } from '@shipline/toolkit';
import type { RollbackRun } from './run.js';

export const succeeded = (r: ServiceRollback) => r.result?.succeeded === true;

/** Everything the step publishes; it fails unless every service is back. */
export function rollbackReport({ rollbacks, durationSeconds }: RollbackRun): ActionReport {
  const report: ActionReport = {
    outputs: rollbackOutputs(rollbacks, durationSeconds),
    summary: rollbackSummary(rollbacks),
    lines: rollbacks
      .filter((r) => r.left !== undefined)
      .map((r) => ({ level: 'warning', message: `${r.service} left cancelled: ${cancelNote(r)}` })),
  };
  return rollbacks.every(succeeded) ? report : { ...report, failure: failureMessage(rollbacks) };
}

export function rollbackOutputs(
  rollbacks: ServiceRollback[],
  durationSeconds: number,
): Record<string, string> {
  const first = rollbacks[0]?.result;
  return {
    'rolled-back-from': first?.from ?? '',
    'rolled-back-to': first?.to ?? '',
    'deployment-id': first?.deploymentId ?? '',
    'duration-seconds': String(durationSeconds),
    services: JSON.stringify(
      rollbacks.map(({ service, result, error, left }) => ({
        service,
        from: result?.from ?? null,
        to: result?.to ?? null,
        deploymentId: result?.deploymentId ?? null,
        strategy: result?.strategy ?? null,
        method: result?.method ?? null,
        chosenAs: result?.targetNote ?? null,
        provenBy: result?.targetProof ?? null,
        rolloutState: result?.rolloutState ?? 'NOT_STARTED',
        succeeded: result?.succeeded ?? false,
        reason: error ?? result?.reason ?? null,
        left: left ?? null,
      })),
    ),
  };
}

/** One line per service that is not back, for the step's error. */
export function failureMessage(rollbacks: ServiceRollback[]): string {
  return rollbacks
    .filter((r) => !succeeded(r))
    .map(({ service, result, error }) =>
      result
        ? `Rollback of ${service} to ${shortArn(result.to)} ${result.rolloutState}: ${result.reason ?? 'unknown reason'}`
        : `Rollback of ${service} did not start: ${error}`,
    )
    .join('\n');
}

const headline = ({ service, result }: ServiceRollback) =>
  result
    ? `${service} ${shortArn(result.from)} → ${shortArn(result.to)} ${result.rolloutState}`
    : `${service} not started`;

export function rollbackSummary(rollbacks: ServiceRollback[]): string[] {
  const icon = rollbacks.every(succeeded) ? '✅' : '❌';
  const rows = rollbacks.map(({ service, result, error }) => [
    service,
    shortArn(result?.from),
    shortArn(result?.to),
    result?.targetNote ?? '',
    result?.method ?? '',
    result?.deploymentId ?? '',
    result?.rolloutState ?? `not started: ${error}`,
    result?.durationSeconds ?? '',
  ]);
  const sections = [
    `### ${icon} rollback: ${rollbacks.map(headline).join('; ')}`,
    markdownTable(['service', 'from', 'to', 'chosen as', 'method', 'deployment', 'state', 'seconds'], rows),
  ];
  const cancelled = rollbacks.filter((r) => r.left !== undefined);
  if (cancelled.length > 0) {
    const lines = cancelled.map((r) => `- ${r.service}: ${cancelNote(r)}`);
    sections.push(`**Cancelled: the state left behind:**\n${lines.join('\n')}`);
  }
  for (const { service, result } of rollbacks) {
    if (!result || result.succeeded || result.rolloutState === 'CANCELLED') continue;
    const lines = [...result.stoppedTasks, ...result.events].map((l) => `- ${l}`).join('\n');
    sections.push(details(`${service}: why it did not complete`, `${result.reason ?? ''}\n\n${lines}`));
  }
  return sections;
}

/** On a cancelled run: whether the rollback had started (updated or not) and what the service does now. */
export function cancelNote({ result, error, left }: ServiceRollback): string {
  const started = result
    ? `rollback to ${shortArn(result.to)} started (${result.method}${result.deploymentId ? ` ${result.deploymentId}` : ''}), ${result.rolloutState} when the step stopped`
    : `rollback not started: ${error ?? 'unknown'}`;
  return `${started}; the service now: ${left ?? 'not read'}`;
}
