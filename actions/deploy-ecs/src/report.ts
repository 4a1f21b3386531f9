// What deploy-ecs leaves, as data: outputs, the job summary, the closing lines and the verdict.
import { shortArn, type DeployResult, type ServiceOutcome } from '@shipline/ecs';
import { details, formatDuration, markdownTable, type ActionReport } from '@shipline/toolkit';
import { hookOutputs, hookSection, pausedDeployments, type HookContext } from './report-hooks.js';
import { timelineSections, triggeredAlarms } from './report-timeline.js';

/**
 * Everything the step publishes: a deployment that did not complete fails the step, unless it
 * waits at its test hook as asked (`until: test-traffic`, `at` given), handed on in `hooks`.
 */
export function deployReport(result: DeployResult, at?: HookContext): ActionReport {
  const paused = pausedDeployments(result, at);
  const report = {
    outputs: { ...deployOutputs(result), ...hookOutputs(paused) },
    summary: [...deploySummary(result), ...hookSection(paused)],
  };
  if (result.succeeded) {
    const services = result.services.map((s) => s.service).join(', ');
    const where = paused.length > 0 ? ' (waiting at the test hook)' : '';
    const message = `${result.rolloutState}${where}: ${services} in ${result.durationSeconds}s`;
    return { ...report, lines: [{ level: 'info', message }] };
  }
  const lines = result.services
    .filter((s) => s.stoppedTasks.length > 0)
    .map((s) => ({
      level: 'error' as const,
      message: s.stoppedTasks.join('\n'),
      title: `${s.service}: why tasks stopped`,
    }));
  return { ...report, lines, failure: failureMessage(result) };
}

/** The step's outputs, as strings. `services` is JSON with one entry per service. */
function deployOutputs(result: DeployResult): Record<string, string> {
  const first = result.services[0];
  return {
    'task-definition-arn': result.taskDefinitionArn,
    'previous-task-definition-arn': first?.previousTaskDefinitionArn ?? '',
    'deployment-id': first?.deploymentId ?? '',
    'rollout-state': result.rolloutState,
    'rolled-back': String(result.rolledBack),
    'duration-seconds': String(result.durationSeconds),
    'failure-reason': result.succeeded ? '' : failureReason(result),
    'triggered-alarms': triggeredAlarms(result.services).join(','),
    services: JSON.stringify(
      result.services.map((s) => ({
        service: s.service,
        strategy: s.strategy ?? 'ROLLING',
        serviceDeploymentArn: s.serviceDeploymentArn ?? null,
        timeline: s.timeline ?? [],
        triggeredAlarms: s.triggeredAlarms ?? [],
        taskDefinitionArn: s.taskDefinitionArn,
        previousTaskDefinitionArn: s.previousTaskDefinitionArn ?? null,
        previousNote: s.previousNote ?? null,
        deploymentId: s.deploymentId ?? null,
        newDeployment: s.newDeployment,
        rolloutState: s.rolloutState,
        reason: s.reason ?? null,
        rolledBack: s.rolledBack,
        rollback: s.rollback ?? null,
        cancel: s.cancel ?? null,
        bake: s.bake ?? null,
        stoppedTasks: s.stoppedTasks,
      })),
    ),
  };
}

/**
 * One line per service that did not complete, and per service that completed but was returned with
 * them (services deployed together go back together), for the step's error.
 */
function failureMessage(result: DeployResult): string {
  const lines = result.services
    .filter((s) => s.rolloutState !== 'COMPLETED' || s.rollback)
    .map((s) => `${s.service}: ${s.rolloutState}${s.reason ? ` (${s.reason})` : ''}${rollbackNote(s)}`);
  const alarms = triggeredAlarms(result.services);
  if (alarms.length > 0) lines.push(`alarm in ALARM: ${alarms.join(', ')}`);
  return `Deployment of ${shortArn(result.taskDefinitionArn)} did not complete. ${lines.join('; ')}`;
}

/**
 * The failure in a few lines a notification can carry: the step's error, then the first stopped
 * task of each failed service (the reason people ask for first: exit code, stopped reason).
 */
function failureReason(result: DeployResult): string {
  const stopped = result.services.flatMap((s) => s.stoppedTasks.slice(0, 1).map((t) => `${s.service}: ${t}`));
  return [failureMessage(result), ...stopped].join('\n');
}

function rollbackNote(s: ServiceOutcome): string {
  if (s.cancel) return `; on cancel: ${s.cancel}`;
  if (!s.rollback) return '';
  const to = shortArn(s.rollback.taskDefinitionArn);
  return s.rolledBack
    ? `; rolled back to ${to} by ${s.rollback.by}`
    : `; rollback to ${to} by ${s.rollback.by} ${s.rollback.rolloutState}${s.rollback.reason ? `: ${s.rollback.reason}` : ''}`;
}

function deploySummary(result: DeployResult): string[] {
  const icon = result.succeeded ? '✅' : '❌';
  const rows = result.services.map((s) => [
    s.service,
    s.rolloutState,
    s.previousNote
      ? `${shortArn(s.previousTaskDefinitionArn)}, ${s.previousNote}`
      : shortArn(s.previousTaskDefinitionArn),
    s.deploymentId ?? '',
    s.rollback
      ? `${shortArn(s.rollback.taskDefinitionArn)} by ${s.rollback.by}: ${s.rollback.rolloutState}`
      : '',
  ]);
  const sections = [
    `### ${icon} deploy-ecs: ${shortArn(result.taskDefinitionArn)} ${result.rolloutState} in ${result.durationSeconds}s`,
    `Task definition: ${result.taskDefinitionNote}.`,
    markdownTable(['service', 'rollout', 'previous', 'deployment', 'rollback'], rows),
  ];
  const baked = result.services.filter((s) => s.bake);
  if (baked.length > 0) sections.push(bakeTable(baked));
  sections.push(...timelineSections(result.services));
  for (const s of result.services.filter(
    (x) => x.rolloutState !== 'COMPLETED' && x.rolloutState !== 'IN_PROGRESS',
  )) {
    const body = [
      `**Why:** ${s.reason ?? 'unknown'}`,
      s.stoppedTasks.length ? `**Stopped tasks:**\n${s.stoppedTasks.map((t) => `- ${t}`).join('\n')}` : '',
      s.events.length ? `**Latest events:**\n${s.events.map((e) => `- ${e}`).join('\n')}` : '',
    ].filter(Boolean);
    sections.push(details(`${s.service}: ${s.rolloutState}`, body.join('\n\n')));
  }
  if (result.onCancel) {
    const lines = result.services.map((s) => `- ${s.service}: ${s.cancel ?? 'nothing done'}`);
    sections.push(`**Cancelled while waiting (on-cancel: ${result.onCancel}):**\n${lines.join('\n')}`);
  }
  if (result.deregistered.length > 0) {
    sections.push(`Deregistered old revisions: ${result.deregistered.map(shortArn).join(', ')}.`);
  }
  return sections;
}

/** What each service's bake saw: the window after COMPLETED in which ECS's breaker no longer watches. */
function bakeTable(baked: ServiceOutcome[]): string {
  const rows = baked.map((s) => {
    const bake = s.bake!;
    const result = bake.state === 'passed' ? 'healthy' : `${bake.state}: ${bake.reason ?? ''}`;
    return [s.service, formatDuration(bake.durationMs), formatDuration(bake.watchedMs), result, bake.seen];
  });
  return markdownTable(['bake', 'window', 'watched', 'result', 'seen'], rows);
}
