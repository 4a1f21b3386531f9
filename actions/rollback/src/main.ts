import * as core from '@actions/core';
import {
  createEcsClient,
  readCluster,
  readService,
  readTaskDefinitionRevision,
  requireAwsRegion,
  rollBackService,
  shortArn,
  type RollbackResult,
} from '@shipline/ecs';
import {
  actionLog,
  actionMain,
  appendSummary,
  details,
  InputError,
  markdownTable,
  readBoolean,
  readDuration,
  readInputs,
  readString,
} from '@shipline/toolkit';

export function readRollbackOptions() {
  return readInputs({
    cluster: () => readCluster(),
    service: () => readService(),
    to: () => readTarget(),
    wait: () => readBoolean('wait', { default: true }),
    timeoutMs: () =>
      readDuration('timeout', { default: 15 * 60_000, minMs: 10_000, maxMs: 6 * 3_600_000, example: '15m' }),
  });
}

function readTarget(): string {
  const text = readString('to', { default: 'previous' });
  if (text.toLowerCase() === 'previous') return 'previous';
  const revision = readTaskDefinitionRevision('to');
  if (!revision) throw new InputError('to', 'is empty', 'previous');
  return revision;
}

export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readRollbackOptions();
    requireAwsRegion();
    const result = await rollBackService(options, { ecs: createEcsClient(), log: actionLog, signal });
    core.setOutput('rolled-back-from', result.from);
    core.setOutput('rolled-back-to', result.to);
    core.setOutput('deployment-id', result.deploymentId);
    core.setOutput('duration-seconds', String(result.durationSeconds));
    await appendSummary(...summary(options.service, result));
    if (!result.succeeded) {
      core.setFailed(
        `Rollback of ${options.service} to ${shortArn(result.to)} ${result.rolloutState}: ${result.reason ?? 'unknown reason'}`,
      );
    }
  });
}

function summary(service: string, result: RollbackResult): string[] {
  const icon = result.succeeded ? '✅' : '❌';
  const sections = [
    `### ${icon} rollback: ${service} ${shortArn(result.from)} → ${shortArn(result.to)} ${result.rolloutState}`,
    markdownTable(
      ['from', 'to', 'chosen as', 'method', 'deployment', 'seconds'],
      [
        [
          shortArn(result.from),
          shortArn(result.to),
          result.targetNote,
          result.method,
          result.deploymentId,
          result.durationSeconds,
        ],
      ],
    ),
  ];
  if (!result.succeeded && result.rolloutState !== 'CANCELLED') {
    const lines = [...result.stoppedTasks, ...result.events].map((l) => `- ${l}`).join('\n');
    sections.push(details('Why it did not complete', `${result.reason ?? ''}\n\n${lines}`));
  }
  return sections;
}
