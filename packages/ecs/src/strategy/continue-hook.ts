// Resuming a deployment that waits at its PAUSE hook: ContinueServiceDeployment CONTINUE (production
// traffic moves on) or ROLLBACK (test and production traffic back to blue), checked against ECS first.
import { ContinueServiceDeploymentCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { callEcs, type CallContext } from '../client/ecs-client.js';
import { describeServiceDeployment } from './service-deployment.js';
import type { PausedDeployment } from './test-hook.js';

export type HookAction = 'CONTINUE' | 'ROLLBACK';

/** What resuming one paused deployment did: the call made, or why ECS had already moved on. */
export interface Resumed {
  called: boolean;
  note: string;
}

/**
 * Resumes `paused` with `action` when its hook still waits (PAUSE, AWAITING_ACTION, deployment
 * IN_PROGRESS). When ECS has moved on (the hook's timeout action, a StopServiceDeployment, someone
 * else's ContinueServiceDeployment) nothing is called and the note says what it shows instead;
 * the deployment is followed either way.
 */
export async function resumeAtHook(
  ecs: ECSClient,
  paused: PausedDeployment,
  action: HookAction,
  context: CallContext,
): Promise<Resumed> {
  const now = await describeServiceDeployment(ecs, paused.serviceDeploymentArn, context);
  if (!now) throw new Error(`service deployment ${paused.serviceDeploymentArn} does not exist`);
  const hook = now.lifecycleHookDetails?.find((h) => h.hookId === paused.hookId);
  if (now.status !== 'IN_PROGRESS' || hook?.status !== 'AWAITING_ACTION') {
    return {
      called: false,
      note: `not resumed: the service deployment is ${now.status ?? '?'} at ${now.lifecycleStage ?? '?'}, hook ${paused.hookId} ${hook?.status ?? 'not found'} (ECS acted without us, e.g. the hook's timeout action ${hook?.timeoutAction ?? ''})`.replace(
        / \)$/,
        ')',
      ),
    };
  }
  await callEcs(context, (o) =>
    ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: paused.serviceDeploymentArn,
        hookId: paused.hookId,
        action,
      }),
      o,
    ),
  );
  return {
    called: true,
    note:
      action === 'CONTINUE'
        ? `ContinueServiceDeployment CONTINUE at ${now.lifecycleStage}: production traffic moves to green`
        : `ContinueServiceDeployment ROLLBACK at ${now.lifecycleStage}: test traffic back to blue, production never moved`,
  };
}
