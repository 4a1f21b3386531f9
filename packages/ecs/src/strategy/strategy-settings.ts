// What deploy-ecs asks of a service's deployment strategy (the strategy inputs), read before any call.
import { InputError, quoteValue, readEnum, readInput, readList, parseDuration } from '@shipline/toolkit';

/** ECS's names for the strategies (DeploymentConfiguration.strategy). */
export type StrategyName = 'ROLLING' | 'BLUE_GREEN' | 'CANARY' | 'LINEAR';

/** The `strategy` input: keep what the service has, or set one. */
export type StrategyChoice = 'keep' | 'rolling' | 'blue-green' | 'canary' | 'linear';

export const STRATEGY_OF: Record<Exclude<StrategyChoice, 'keep'>, StrategyName> = {
  rolling: 'ROLLING',
  'blue-green': 'BLUE_GREEN',
  canary: 'CANARY',
  linear: 'LINEAR',
};

/** ECS's limit for bakeTimeInMinutes, canaryBakeTimeInMinutes and stepBakeTimeInMinutes (24 h). */
export const MAX_ECS_BAKE_MINUTES = 1_440;
/** ECS refuses a linear step below 3 % (LinearConfiguration.stepPercent). */
export const MIN_LINEAR_STEP_PERCENT = 3;

/** The strategy inputs; undefined fields keep what the service has. */
export interface StrategySettings {
  strategy: StrategyChoice;
  canaryPercent?: number;
  canaryBakeMinutes?: number;
  linearStepPercent?: number;
  linearStepBakeMinutes?: number;
  /** CloudWatch alarm names to watch during deployments; undefined keeps the service's. */
  alarms?: string[];
}

const ALARM = /^[^\s,][^,\n]{0,254}$/;

/** Every strategy input, read together (the caller gathers errors with readInputs). */
export const strategyReaders = {
  strategy: (): StrategyChoice =>
    readEnum('strategy', ['keep', 'rolling', 'blue-green', 'canary', 'linear'] as const, {
      default: 'keep',
      example: 'blue-green',
    }),
  canaryPercent: () => readPercent('canary-percent', 1, '10'),
  canaryBakeMinutes: () => readMinutes('canary-bake', '10m'),
  linearStepPercent: () => readPercent('linear-step-percent', MIN_LINEAR_STEP_PERCENT, '10'),
  linearStepBakeMinutes: () => readMinutes('linear-step-bake', '6m'),
  alarms: () =>
    readList('alarms', {
      item: ALARM,
      itemHint: 'a CloudWatch alarm name (no commas)',
      example: 'web-5xx-rate, web-p95-latency',
    }),
};

/** A traffic percentage: whole numbers from `min` (1, or ECS's 3 for a linear step) to 99. */
function readPercent(name: string, min: number, example: string): number | undefined {
  return readInput(name, { example }, example, (text, fail) => {
    const value = Number(text.replace(/%$/, ''));
    if (!/^\d+(\.\d+)?%?$/.test(text) || !Number.isFinite(value))
      fail(`${quoteValue(text)} is not a percentage`);
    if (value < 1 || value > 99) fail(`${value} is outside 1–99 (a percentage of production traffic)`);
    if (value < min) fail(`${value} is below ${min}, the smallest step ECS accepts`);
    return value;
  });
}

/** A bake in whole minutes, 0 to ECS's 24 h: `10m`, `1h`, `0`. */
function readMinutes(name: string, example: string): number | undefined {
  return readInput(name, { example }, example, (text, fail) => {
    let ms = 0;
    if (text.trim() !== '0') {
      try {
        ms = parseDuration(text);
      } catch (error) {
        fail(`is not a duration: ${(error as Error).message} (units: m, h)`);
      }
    }
    return toEcsMinutes(name, ms, example);
  });
}

/** ECS counts bakes in whole minutes up to 24 h: anything else is refused, naming the input. */
export function toEcsMinutes(name: string, ms: number, example: string): number {
  if (ms % 60_000 !== 0) {
    throw new InputError(
      name,
      `${ms / 1000}s is not whole minutes: ECS counts this bake in minutes`,
      example,
    );
  }
  if (ms / 60_000 > MAX_ECS_BAKE_MINUTES) {
    throw new InputError(
      name,
      `${ms / 60_000}m is longer than ECS allows (${MAX_ECS_BAKE_MINUTES} minutes, 24h)`,
      example,
    );
  }
  return ms / 60_000;
}

/** True when the choice names a strategy run by ECS itself (blue/green, canary, linear). */
export function isNative(strategy: StrategyName | undefined): boolean {
  return strategy !== undefined && strategy !== 'ROLLING';
}
