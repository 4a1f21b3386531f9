// Reads and validates every input of deploy-ecs into DeployOptions before any AWS call.
import {
  checkBakeTime,
  readCluster,
  readContainerEnvironment,
  readContainerImages,
  readBakeTime,
  readFamily,
  readServices,
  readTaskDefinitionRevision,
  readTaskDefinitionSource,
  strategyReaders,
  type DeployOptions,
} from '@shipline/ecs';
import {
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
  const source = readTaskDefinitionSource(rest, {
    example: 'task-definition: deploy/task-definition.json',
    environmentInput: 'container-env',
  });
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
