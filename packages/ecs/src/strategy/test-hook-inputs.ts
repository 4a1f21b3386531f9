// The inputs of deploy-ecs's verify-before-production shape, read before any call: `until`,
// `test-url`, and for the step that resumes, `continue-hooks` and `hook-action`.
import { readEnum, readJson, readUrl } from '@shipline/toolkit';
import type { HookAction } from './continue-hook.js';
import type { PausedDeployment, Until } from './test-hook.js';

const SERVICE_DEPLOYMENT_ARN = /^arn:aws[\w-]*:ecs:[\w-]+:\d{12}:service-deployment\/[\w-]+\/[\w-]+\/[\w-]+$/;
const HOOKS_EXAMPLE = '${{ steps.deploy.outputs.hooks }}';

export const testHookReaders = {
  until: (): Until =>
    readEnum('until', ['completed', 'test-traffic'] as const, {
      default: 'completed',
      example: 'test-traffic',
    }),
  testUrl: (): string | undefined =>
    readUrl('test-url', { example: 'https://shop.example.com:8443' })?.toString().replace(/\/$/, ''),
  continueHooks: (): PausedDeployment[] | undefined =>
    readJson<PausedDeployment[]>('continue-hooks', { validate: checkPaused, example: HOOKS_EXAMPLE }),
  hookAction: (): HookAction =>
    readEnum('hook-action', ['continue', 'rollback'] as const, {
      default: 'continue',
      example: "${{ steps.smoke-green.outcome == 'success' && 'continue' || 'rollback' }}",
    }).toUpperCase() as HookAction,
};

/** The `hooks` output of a deploy that stopped at its test hook, entry by entry; a problem or undefined. */
function checkPaused(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0)
    return `must be the non-empty JSON array a deploy with until: test-traffic outputs as hooks`;
  for (const [i, entry] of value.entries()) {
    const e = entry as Partial<Record<keyof PausedDeployment, unknown>>;
    const at = `entry ${i}`;
    if (typeof entry !== 'object' || entry === null) return `${at} is not an object`;
    for (const field of ['cluster', 'service', 'deploymentId', 'hookId', 'taskDefinitionArn'] as const)
      if (typeof e[field] !== 'string' || e[field] === '') return `${at} has no ${field}`;
    if (typeof e.serviceDeploymentArn !== 'string' || !SERVICE_DEPLOYMENT_ARN.test(e.serviceDeploymentArn))
      return `${at} has no serviceDeploymentArn (arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>)`;
    if (!/^[\w-]{1,128}$/.test(e.hookId as string)) return `${at}: hookId is not an ECS hook id`;
  }
  return undefined;
}
