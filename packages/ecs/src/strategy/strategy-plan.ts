// What a deploy sets on a service's deploymentConfiguration, what its rollout needs at least, and
// which strategy inputs the service cannot take: worked out before any change.
import type { DeploymentConfiguration, Service } from '@aws-sdk/client-ecs';
import { formatDuration, InputError } from '@shipline/toolkit';
import {
  isNative,
  STRATEGY_OF,
  toEcsMinutes,
  type StrategyName,
  type StrategySettings,
} from './strategy-settings.js';

/** The longest bake Shipline keeps a runner for on a rolling deployment; ECS bakes native ones. */
const MAX_ROLLING_BAKE_MS = 60 * 60_000;
/** Starting the green tasks and shifting test traffic before any production traffic moves. */
export const START_ALLOWANCE_MS = 3 * 60_000;
/** ECS's defaults when a configuration leaves them out (API reference). */
const DEFAULT_CANARY = { percent: 5, bakeMinutes: 10 };
const DEFAULT_LINEAR = { percent: 10, bakeMinutes: 6 };

export interface StrategyPlan {
  strategy: StrategyName;
  /** Sent with UpdateService; undefined leaves the service's deploymentConfiguration as it is. */
  configuration?: DeploymentConfiguration;
  /** The configuration the deployment runs with. */
  effective: DeploymentConfiguration;
  /** What a healthy rollout takes at least (ECS time): `timeout` must be as long. */
  minimumMs: number;
  /** The parts of minimumMs, e.g. `canary bake 10m + bake 5m + 3m to start green`. */
  minimumWhy: string;
}

/** The `bake-time` input as the plan needs it: undefined when not given. */
export interface BakeRequest {
  bakeTimeMs?: number;
}

/**
 * The plan for one service, or the inputs it cannot take (each an InputError naming the input):
 * strategy options for another strategy, a bake longer than ECS (or, rolling, Shipline) allows, a
 * native strategy on a load balancer without an alternate target group and listener rule.
 */
export function planStrategy(
  service: Service,
  settings: StrategySettings,
  bake: BakeRequest,
): { plan?: StrategyPlan; problems: InputError[] } {
  const name = service.serviceName ?? '?';
  const current = service.deploymentConfiguration ?? {};
  const strategy: StrategyName =
    settings.strategy === 'keep' ? (current.strategy ?? 'ROLLING') : STRATEGY_OF[settings.strategy];
  const problems: InputError[] = [];
  const misplaced = (input: string, wants: StrategyName, example: string) =>
    problems.push(
      new InputError(
        input,
        `applies to the ${wants} strategy, but ${name} deploys with ${strategy}`,
        example,
      ),
    );
  if (strategy !== 'CANARY' && settings.canaryPercent !== undefined)
    misplaced('canary-percent', 'CANARY', 'strategy: canary');
  if (strategy !== 'CANARY' && settings.canaryBakeMinutes !== undefined)
    misplaced('canary-bake', 'CANARY', 'strategy: canary');
  if (strategy !== 'LINEAR' && settings.linearStepPercent !== undefined)
    misplaced('linear-step-percent', 'LINEAR', 'strategy: linear');
  if (strategy !== 'LINEAR' && settings.linearStepBakeMinutes !== undefined)
    misplaced('linear-step-bake', 'LINEAR', 'strategy: linear');
  let bakeMinutes: number | undefined;
  try {
    bakeMinutes = bakeFor(strategy, bake.bakeTimeMs);
  } catch (error) {
    problems.push(error as InputError);
  }
  const setup = isNative(strategy) ? loadBalancerProblem(service, strategy) : undefined;
  if (setup) problems.push(new InputError('strategy', setup, 'strategy: rolling'));
  if (problems.length > 0) return { problems };

  const effective: DeploymentConfiguration = { ...current, strategy };
  if (isNative(strategy) && bakeMinutes !== undefined) effective.bakeTimeInMinutes = bakeMinutes;
  if (strategy === 'CANARY' && (settings.canaryPercent ?? settings.canaryBakeMinutes) !== undefined) {
    effective.canaryConfiguration = {
      ...current.canaryConfiguration,
      ...defined({
        canaryPercent: settings.canaryPercent,
        canaryBakeTimeInMinutes: settings.canaryBakeMinutes,
      }),
    };
  }
  if (strategy === 'LINEAR' && (settings.linearStepPercent ?? settings.linearStepBakeMinutes) !== undefined) {
    effective.linearConfiguration = {
      ...current.linearConfiguration,
      ...defined({
        stepPercent: settings.linearStepPercent,
        stepBakeTimeInMinutes: settings.linearStepBakeMinutes,
      }),
    };
  }
  if (settings.alarms) {
    effective.alarms = {
      alarmNames: settings.alarms,
      enable: true,
      rollback: current.alarms?.rollback ?? true,
    };
  }
  const changed =
    JSON.stringify(effective) !== JSON.stringify({ ...current, strategy: current.strategy ?? 'ROLLING' });
  return {
    plan: { strategy, effective, configuration: changed ? effective : undefined, ...minimum(effective) },
    problems,
  };
}

/** The bake in ECS minutes for a native strategy; for rolling, Shipline's own (≤ 1h) and undefined. */
function bakeFor(strategy: StrategyName, bakeTimeMs: number | undefined): number | undefined {
  if (bakeTimeMs === undefined) return undefined;
  if (isNative(strategy))
    return toEcsMinutes('bake-time', bakeTimeMs, '15m (ECS bakeTimeInMinutes, whole minutes, up to 24h)');
  if (bakeTimeMs > MAX_ROLLING_BAKE_MS) {
    throw new InputError(
      'bake-time',
      `${formatDuration(bakeTimeMs)} is longer than the 1h maximum: for longer, use ECS's own bake (deploymentConfiguration.bakeTimeInMinutes with a BLUE_GREEN, LINEAR or CANARY strategy)`,
      '5m (0 turns the bake off)',
    );
  }
  return undefined;
}

/** Why the service's load balancing cannot carry a native strategy, or undefined when it can. */
export function loadBalancerProblem(service: Service, strategy: StrategyName): string | undefined {
  const name = service.serviceName ?? '?';
  const balanced = (service.loadBalancers ?? []).filter((lb) => lb.targetGroupArn);
  const missing = balanced.filter(
    (lb) =>
      !lb.advancedConfiguration?.alternateTargetGroupArn ||
      !lb.advancedConfiguration.productionListenerRule ||
      !lb.advancedConfiguration.roleArn,
  );
  if (missing.length > 0) {
    return `${strategy} cannot run on ${name}: its load balancer target group ${missing[0]!.targetGroupArn!.split('/').slice(-2, -1)[0] ?? missing[0]!.targetGroupArn} has no alternate target group, production listener rule and role (loadBalancers[].advancedConfiguration) for ECS to shift traffic between blue and green`;
  }
  const meshed = (service.deployments ?? []).some((d) => d.serviceConnectConfiguration?.enabled === true);
  if (balanced.length === 0 && !meshed && strategy !== 'BLUE_GREEN') {
    return `${strategy} cannot run on ${name}: it has no load balancer or Service Connect to split traffic between blue and green`;
  }
  return undefined;
}

function minimum(config: DeploymentConfiguration): { minimumMs: number; minimumWhy: string } {
  if (!isNative(config.strategy)) return { minimumMs: 0, minimumWhy: 'a rolling update' };
  const parts: [string, number][] = [];
  if (config.strategy === 'CANARY') {
    parts.push([
      'canary bake',
      config.canaryConfiguration?.canaryBakeTimeInMinutes ?? DEFAULT_CANARY.bakeMinutes,
    ]);
  }
  if (config.strategy === 'LINEAR') {
    const step = config.linearConfiguration?.stepPercent ?? DEFAULT_LINEAR.percent;
    const steps = Math.ceil(100 / step) - 1;
    const each = config.linearConfiguration?.stepBakeTimeInMinutes ?? DEFAULT_LINEAR.bakeMinutes;
    parts.push([`${steps} linear steps × ${each}m`, steps * each]);
  }
  parts.push(['bake', config.bakeTimeInMinutes ?? 0]);
  const ms = parts.reduce((sum, [, minutes]) => sum + minutes * 60_000, START_ALLOWANCE_MS);
  const why = [
    ...parts
      .filter(([, m]) => m > 0)
      .map(([what, m]) => (what.includes('×') ? what : `${what} ${minutes(m)}`)),
    `${minutes(START_ALLOWANCE_MS / 60_000)} to start green`,
  ].join(' + ');
  return { minimumMs: ms, minimumWhy: why };
}

/** `10m`, `1h`, `1h 30m`: ECS counts these bakes in minutes. */
export function minutes(m: number): string {
  const hours = Math.floor(m / 60);
  if (hours === 0) return `${m}m`;
  return m % 60 === 0 ? `${hours}h` : `${hours}h ${m % 60}m`;
}

function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export { DEFAULT_CANARY, DEFAULT_LINEAR };
