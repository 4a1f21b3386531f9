// Stopping a native rollout at its PAUSE hook after test traffic moved (POST_TEST_TRAFFIC_SHIFT):
// what a service needs for it, how such a pause is recognised, and what a paused deployment hands on.
import type { DeploymentConfiguration, Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import { isNative } from './strategy-settings.js';

/** The stage after ECS moved the test listener to green and before production traffic moves. */
export const TEST_HOOK_STAGE = 'POST_TEST_TRAFFIC_SHIFT';

/** How far deploy-ecs follows a rollout: to its end, or to the PAUSE hook after test traffic. */
export type Until = 'completed' | 'test-traffic';

/** A deployment waiting at its test hook: what the step that tests green and resumes it needs. */
export interface PausedDeployment {
  cluster: string;
  service: string;
  /** The DescribeServices deployment id. */
  deploymentId: string;
  serviceDeploymentArn: string;
  hookId: string;
  /** When ECS acts on its own (the hook's timeout action), ISO. */
  expiresAt?: string;
  timeoutAction?: string;
  taskDefinitionArn: string;
  previousTaskDefinitionArn?: string;
  /** The test listener's address, as given (ECS knows only the listener rule). */
  testUrl?: string;
}

/** The example a refusal points to: the pause hook of AWS's developer guide. */
export const PAUSE_HOOK_EXAMPLE =
  '"lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"], "timeoutConfiguration": {"timeoutInMinutes": 60, "action": "ROLLBACK"}}]';

/**
 * Why `service` cannot stop at the test hook with the configuration it will deploy with, or
 * undefined: a native strategy, a test listener rule on each load balancer, a PAUSE hook at
 * POST_TEST_TRAFFIC_SHIFT.
 */
export function testHookProblem(service: Service, config: DeploymentConfiguration): string | undefined {
  const name = service.serviceName ?? '?';
  if (!isNative(config.strategy))
    return `needs a blue-green, canary or linear strategy, but ${name} deploys with ${config.strategy ?? 'ROLLING'} (no test traffic to stop after)`;
  const balanced = (service.loadBalancers ?? []).filter((lb) => lb.targetGroupArn);
  if (balanced.length === 0 || balanced.some((lb) => !lb.advancedConfiguration?.testListenerRule))
    return `needs a test listener: ${name}'s load balancers have no loadBalancers[].advancedConfiguration.testListenerRule for ECS to send test traffic to green`;
  if (!pausesAfterTest(config))
    return `needs a PAUSE lifecycle hook at ${TEST_HOOK_STAGE} on ${name} (deploymentConfiguration ${PAUSE_HOOK_EXAMPLE})`;
  return undefined;
}

const pausesAfterTest = (config: DeploymentConfiguration) =>
  (config.lifecycleHooks ?? []).some(
    (hook) => hook.targetType === 'PAUSE' && (hook.lifecycleStages ?? []).includes(TEST_HOOK_STAGE),
  );

/**
 * Why `until` cannot be followed on `service`, or undefined: test-traffic needs the test hook
 * (testHookProblem); completed cannot pass it, as nobody would resume it (ECS would hold the
 * rollout until the hook's timeout, then act on it).
 */
export function untilProblem(
  service: Service,
  config: DeploymentConfiguration,
  until: Until,
): { problem: string; example: string } | undefined {
  if (until === 'test-traffic') {
    const problem = testHookProblem(service, config);
    return problem ? { problem, example: 'until: completed' } : undefined;
  }
  if (!isNative(config.strategy) || !pausesAfterTest(config)) return undefined;
  return {
    problem: `completed cannot follow ${service.serviceName ?? '?'} to its end: its PAUSE lifecycle hook at ${TEST_HOOK_STAGE} holds every rollout until ContinueServiceDeployment (or the hook's timeout action). Stop there and test green instead (until: test-traffic, test-url, then a step with continue-hooks), or remove the hook`,
    example: 'test-traffic',
  };
}

/** The PAUSE hook a deployment waits at after its test traffic shift, if it does. */
export function awaitingTestHook(
  deployment: ServiceDeployment,
): { hookId: string; expiresAt?: string; timeoutAction?: string } | undefined {
  if (deployment.status !== 'IN_PROGRESS' || deployment.lifecycleStage !== TEST_HOOK_STAGE) return undefined;
  const hook = deployment.lifecycleHookDetails?.find(
    (h) => h.targetType === 'PAUSE' && h.status === 'AWAITING_ACTION' && h.hookId,
  );
  if (!hook) return undefined;
  return {
    hookId: hook.hookId!,
    expiresAt: hook.expiresAt?.toISOString(),
    timeoutAction: hook.timeoutAction,
  };
}
