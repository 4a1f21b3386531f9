// What the step does, from its inputs: deploy (to the end, or to the PAUSE hook after test traffic),
// or, with continue-hooks, resume the deployments a deploy left waiting at that hook.
import {
  readCluster,
  readServices,
  testHookReaders,
  type ContinueOptions,
  type DeployOptions,
  type PausedDeployment,
} from '@shipline/ecs';
import { InputError, readBoolean, readDuration, readEnum, readInputs, readString } from '@shipline/toolkit';
import { readDeployOptions } from './inputs.js';

export type StepOptions =
  { kind: 'deploy'; options: DeployOptions } | { kind: 'continue'; options: ContinueOptions };

const TASK_DEFINITION_INPUTS = ['task-definition', 'task-definition-arn', 'task-definition-family'];

/** Every input checked before any call; the resume step takes only cluster, service, timeout and rollback. */
export function readStepOptions(): StepOptions {
  const hooks = readInputs(testHookReaders);
  if (!hooks.continueHooks) {
    return {
      kind: 'deploy',
      options: { ...readDeployOptions(), until: hooks.until, testUrl: hooks.testUrl },
    };
  }
  const inputs = readInputs({
    cluster: () => readCluster(),
    services: () => readServices(),
    timeoutMs: () =>
      readDuration('timeout', { default: 30 * 60_000, minMs: 10_000, maxMs: 6 * 3_600_000, example: '30m' }),
    rollbackOnFailure: () => readBoolean('rollback-on-failure', { default: true }),
    onCancel: () =>
      readEnum('on-cancel', ['rollback', 'leave'] as const, { default: 'rollback', example: 'leave' }),
  });
  if (TASK_DEFINITION_INPUTS.some((name) => readString(name) !== undefined)) {
    throw new InputError(
      'continue-hooks',
      'resumes deployments already started, so task-definition, task-definition-arn and task-definition-family must be empty',
      '${{ steps.deploy.outputs.hooks }} with cluster and service only',
    );
  }
  checkSameServices(inputs, hooks.continueHooks);
  return {
    kind: 'continue',
    options: { ...inputs, paused: hooks.continueHooks, action: hooks.hookAction },
  };
}

/** The paused deployments must be of the services and cluster this step names. */
function checkSameServices(
  inputs: { cluster: string; services: string[] },
  paused: PausedDeployment[],
): void {
  const name = (s: string) => s.split('/').pop()!;
  const wanted = inputs.services.map(name).sort().join(',');
  const given = paused
    .map((p) => name(p.service))
    .sort()
    .join(',');
  const cluster = name(inputs.cluster);
  const elsewhere = paused.find((p) => name(p.cluster) !== cluster);
  if (wanted === given && !elsewhere) return;
  throw new InputError(
    'continue-hooks',
    `holds deployments of ${given} in cluster ${elsewhere ? name(elsewhere.cluster) : cluster}, but this step names service ${wanted} in cluster ${cluster}`,
    '${{ steps.deploy.outputs.hooks }} of the deploy step, with the same cluster and service',
  );
}
