// Validation of the deploymentConfiguration members of ECS's native strategies (strategy,
// bakeTimeInMinutes, linearConfiguration, canaryConfiguration, lifecycleHooks, alarms) and of the
// load balancers' advancedConfiguration they need, with the limits the API reference gives.
import { invalidParameter } from '../errors.js';
import type { DeploymentConfiguration, Json } from '../model.js';
import type { Strategy } from '../model-strategies.js';

export const STRATEGIES = ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'] as const;
export const HOOK_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
] as const;

export { strategyOf as strategyOfConfig } from '../sim/strategies/traffic-begin.js';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function minutes(value: unknown, name: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1440)
    throw invalidParameter(`${name} must be an integer between 0 and 1440, got ${JSON.stringify(value)}.`);
}

/** Multiples of 0.1 between min and max. */
function percent(value: unknown, name: string, min: number): void {
  if (value === undefined) return;
  const tenths = typeof value === 'number' ? Math.round(value * 10) : NaN;
  if (typeof value !== 'number' || Math.abs(tenths - value * 10) > 1e-6 || value < min || value > 100)
    throw invalidParameter(
      `${name} must be a multiple of 0.1 from ${min.toFixed(1)} to 100.0, got ${JSON.stringify(value)}.`,
    );
}

function section(config: DeploymentConfiguration, key: string): Json | undefined {
  const value = config[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidParameter(`${key} must be an object.`);
  return value;
}

function validateHook(hook: unknown, index: number): void {
  const where = `lifecycleHooks[${index}]`;
  if (!isObject(hook)) throw invalidParameter(`${where} must be an object.`);
  const type = hook.targetType ?? 'AWS_LAMBDA';
  if (type !== 'AWS_LAMBDA' && type !== 'PAUSE')
    throw invalidParameter(`${where}.targetType must be one of AWS_LAMBDA, PAUSE.`);
  if (type === 'AWS_LAMBDA' && (typeof hook.hookTargetArn !== 'string' || hook.hookTargetArn === ''))
    throw invalidParameter(`${where}.hookTargetArn is required for an AWS_LAMBDA hook.`);
  const stages = hook.lifecycleStages;
  if (!Array.isArray(stages) || stages.length === 0)
    throw invalidParameter(`${where}.lifecycleStages must list at least one lifecycle stage.`);
  for (const stage of stages) {
    if (!(HOOK_STAGES as readonly unknown[]).includes(stage))
      throw invalidParameter(
        `${where}.lifecycleStages: '${String(stage)}' is not one of ${HOOK_STAGES.join(', ')}.`,
      );
  }
  const timeout = hook.timeoutConfiguration;
  if (timeout === undefined || timeout === null) return;
  if (!isObject(timeout)) throw invalidParameter(`${where}.timeoutConfiguration must be an object.`);
  const limit = timeout.timeoutInMinutes;
  if (
    limit !== undefined &&
    (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 20160)
  )
    throw invalidParameter(
      `${where}.timeoutConfiguration.timeoutInMinutes must be an integer between 1 and 20160, got ${JSON.stringify(limit)}.`,
    );
  if (timeout.action !== undefined && timeout.action !== 'CONTINUE' && timeout.action !== 'ROLLBACK')
    throw invalidParameter(`${where}.timeoutConfiguration.action must be one of CONTINUE, ROLLBACK.`);
}

/** Throws InvalidParameterException for the first member of the merged configuration that is wrong. */
export function validateStrategyConfig(config: DeploymentConfiguration): void {
  const strategy = config.strategy;
  if (strategy !== undefined && !(STRATEGIES as readonly unknown[]).includes(strategy))
    throw invalidParameter(`strategy must be one of ${STRATEGIES.join(', ')}, got '${String(strategy)}'.`);
  minutes(config.bakeTimeInMinutes, 'bakeTimeInMinutes');
  const linear = section(config, 'linearConfiguration');
  percent(linear?.stepPercent, 'linearConfiguration.stepPercent', 3);
  minutes(linear?.stepBakeTimeInMinutes, 'linearConfiguration.stepBakeTimeInMinutes');
  const canary = section(config, 'canaryConfiguration');
  percent(canary?.canaryPercent, 'canaryConfiguration.canaryPercent', 0.1);
  minutes(canary?.canaryBakeTimeInMinutes, 'canaryConfiguration.canaryBakeTimeInMinutes');
  const hooks = config.lifecycleHooks;
  if (hooks !== undefined && hooks !== null) {
    if (!Array.isArray(hooks)) throw invalidParameter('lifecycleHooks must be a list.');
    hooks.forEach(validateHook);
  }
  const alarms = section(config, 'alarms');
  if (alarms) {
    const names = alarms.alarmNames;
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))
      throw invalidParameter('alarms.alarmNames must be a list of alarm names.');
    if (typeof alarms.enable !== 'boolean' || typeof alarms.rollback !== 'boolean')
      throw invalidParameter('alarms needs boolean members enable and rollback.');
  }
}

/**
 * BLUE_GREEN, LINEAR and CANARY shift traffic between two target groups: every load balancer of the
 * service needs advancedConfiguration with the alternate target group, the production listener
 * rule and the role ECS uses to change them (a service without load balancers is "headless": no
 * managed traffic shifting, but the strategy still runs).
 */
export function validateLoadBalancersForStrategy(strategy: Strategy, loadBalancers: Json[]): void {
  if (strategy === 'ROLLING') return;
  loadBalancers.forEach((lb, index) => {
    const advanced = lb.advancedConfiguration;
    const where = `loadBalancers[${index}].advancedConfiguration`;
    if (!isObject(advanced))
      throw invalidParameter(
        `${where} is required for the ${strategy} deployment strategy (alternateTargetGroupArn, productionListenerRule, roleArn).`,
      );
    for (const key of ['alternateTargetGroupArn', 'productionListenerRule', 'roleArn'])
      if (typeof advanced[key] !== 'string' || advanced[key] === '')
        throw invalidParameter(`${where}.${key} is required for the ${strategy} deployment strategy.`);
  });
}
