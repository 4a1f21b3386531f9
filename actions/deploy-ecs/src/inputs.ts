// Reads and validates every input of deploy-ecs into DeployOptions before any AWS call.
import fs from 'node:fs';
import path from 'node:path';
import {
  checkBakeTime,
  parseTaskDefinitionFile,
  readCluster,
  readContainerEnvironment,
  readContainerImages,
  readBakeTime,
  readFamily,
  readServices,
  readTaskDefinitionRevision,
  renderTaskDefinition,
  strategyReaders,
  TaskDefinitionError,
  type DeployOptions,
  type TaskDefinitionSource,
} from '@shipline/ecs';
import {
  exactlyOne,
  InputError,
  readBoolean,
  readDuration,
  readEnum,
  readInputs,
  readInteger,
  readString,
  readWorkspacePath,
} from '@shipline/toolkit';

/** A native strategy's bake is ECS's bakeTimeInMinutes, up to 24h; a rolling one Shipline's, up to 1h. */
const MAX_NATIVE_BAKE_MS = 24 * 3_600_000;

/** Every input, validated together before any AWS call; a task-definition file is parsed and rendered here too. */
export function readDeployOptions(): DeployOptions {
  const raw = readInputs({
    cluster: () => readCluster(),
    services: () => readServices(),
    file: () => readWorkspacePath('task-definition', { mustExist: 'file' }),
    arn: () => readTaskDefinitionRevision('task-definition-arn'),
    family: () => readFamily('task-definition-family'),
    images: () => readContainerImages(),
    environment: () => readContainerEnvironment(),
    desiredCount: () => readInteger('desired-count', { min: 0, max: 5_000, example: '3' }),
    forceNewDeployment: () => readBoolean('force-new-deployment', { default: false }),
    wait: () => readBoolean('wait', { default: true }),
    timeoutMs: () =>
      readDuration('timeout', { default: 30 * 60_000, minMs: 10_000, maxMs: 6 * 3_600_000, example: '30m' }),
    rollbackOnFailure: () => readBoolean('rollback-on-failure', { default: true }),
    onCancel: () =>
      readEnum('on-cancel', ['rollback', 'leave'] as const, { default: 'rollback', example: 'leave' }),
    skipRegisterIfUnchanged: () => readBoolean('skip-register-if-unchanged', { default: true }),
    keepRevisions: () => readInteger('keep-revisions', { default: 0, min: 0, max: 1_000, example: '10' }),
    bakeTimeMs: () => readBakeTime('bake-time', MAX_NATIVE_BAKE_MS),
    bakeTimeGiven: () => readString('bake-time') !== undefined,
    ...strategyReaders,
  });
  const {
    strategy,
    canaryPercent,
    canaryBakeMinutes,
    linearStepPercent,
    linearStepBakeMinutes,
    alarms,
    ...rest
  } = raw;
  // A rolling bake follows the rollout (wait: true, outside timeout); a native one is inside it.
  const native = strategy === 'blue-green' || strategy === 'canary' || strategy === 'linear';
  if (!native) checkBakeTime(rest);
  // A rolling bake is Shipline's, 1h at most: read again with that limit, for its own message.
  if (strategy === 'rolling') readBakeTime();
  const source = readSource(rest);
  return {
    ...rest,
    source,
    strategy: {
      strategy,
      canaryPercent,
      canaryBakeMinutes,
      linearStepPercent,
      linearStepBakeMinutes,
      alarms,
    },
  };
}

function readSource(
  raw: { file?: string; arn?: string; family?: string } & Pick<DeployOptions, 'images' | 'environment'>,
): TaskDefinitionSource {
  const which = exactlyOne(
    { 'task-definition': raw.file, 'task-definition-arn': raw.arn, 'task-definition-family': raw.family },
    'task-definition: deploy/task-definition.json',
  );
  if (which === 'task-definition-arn') return { kind: 'arn', arn: raw.arn! };
  if (which === 'task-definition-family') return { kind: 'family', family: raw.family! };
  const file = raw.file!;
  let definition;
  try {
    definition = parseTaskDefinitionFile(fs.readFileSync(file, 'utf8'), path.basename(file));
  } catch (error) {
    if (!(error instanceof TaskDefinitionError)) throw error;
    throw new InputError(
      'task-definition',
      `holds no usable task definition: ${error.message}`,
      'deploy/task-definition.json',
    );
  }
  try {
    renderTaskDefinition(definition, raw);
  } catch (error) {
    if (!(error instanceof TaskDefinitionError)) throw error;
    const input = error.message.startsWith('container-env') ? 'container-env' : 'container-images';
    throw new InputError(
      input,
      `does not fit the task definition: ${error.message}`,
      'app=registry.example.com/app:1.2.3',
    );
  }
  return { kind: 'file', definition };
}
