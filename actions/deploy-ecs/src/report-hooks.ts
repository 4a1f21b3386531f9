// What a deploy that stopped at its test hook hands on: the hooks output (what the resume step
// needs), the first hook's id and the test URL, and a summary section saying how to go on.
import { shortArn, type DeployResult, type PausedDeployment } from '@shipline/ecs';
import { markdownTable } from '@shipline/toolkit';

/** Where the deploy ran and the test listener's address, as given to the step. */
export interface HookContext {
  cluster: string;
  testUrl?: string;
}

/** One entry per service waiting at its PAUSE hook after the test traffic shift. */
export function pausedDeployments(result: DeployResult, at: HookContext | undefined): PausedDeployment[] {
  if (!at) return [];
  return result.services.flatMap((s) =>
    s.pausedHook && s.serviceDeploymentArn && s.deploymentId
      ? [
          {
            cluster: at.cluster,
            service: s.service,
            deploymentId: s.deploymentId,
            serviceDeploymentArn: s.serviceDeploymentArn,
            hookId: s.pausedHook.hookId,
            ...(s.pausedHook.expiresAt ? { expiresAt: s.pausedHook.expiresAt } : {}),
            ...(s.pausedHook.timeoutAction ? { timeoutAction: s.pausedHook.timeoutAction } : {}),
            taskDefinitionArn: s.taskDefinitionArn,
            ...(s.previousTaskDefinitionArn
              ? { previousTaskDefinitionArn: s.previousTaskDefinitionArn }
              : {}),
            ...(at.testUrl ? { testUrl: at.testUrl } : {}),
          },
        ]
      : [],
  );
}

/** The outputs `hooks`, `hook-id` and `test-url` (empty strings when nothing waits). */
export function hookOutputs(paused: PausedDeployment[]): Record<string, string> {
  return {
    hooks: paused.length > 0 ? JSON.stringify(paused) : '',
    'hook-id': paused[0]?.hookId ?? '',
    'test-url': paused.length > 0 ? (paused[0]!.testUrl ?? '') : '',
  };
}

/** The summary section: what waits, until when, and the two ways on. */
export function hookSection(paused: PausedDeployment[]): string[] {
  if (paused.length === 0) return [];
  const rows = paused.map((p) => [
    p.service,
    shortArn(p.taskDefinitionArn),
    p.hookId,
    p.expiresAt ? `${p.expiresAt.slice(11, 19)} UTC, then ${p.timeoutAction ?? 'ROLLBACK'}` : '',
  ]);
  return [
    `**⏸ Waiting at the test hook (POST_TEST_TRAFFIC_SHIFT):** the new revision answers on the test listener${paused[0]!.testUrl ? ` (${paused[0]!.testUrl})` : ''}; production is still all on the previous one.`,
    markdownTable(['service', 'green', 'hook', 'ECS acts on its own at'], rows),
    'Resume with deploy-ecs `continue-hooks: ${{ steps.<id>.outputs.hooks }}` and `hook-action: continue` (production traffic moves) or `rollback` (production never serves it).',
  ];
}
