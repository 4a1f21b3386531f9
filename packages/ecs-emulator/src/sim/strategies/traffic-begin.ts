// Starting a traffic-shifting deployment (BLUE_GREEN, LINEAR, CANARY): which live deployment is
// blue, and the plan of production traffic steps each strategy follows (AWS defaults filled in).
import type { Deployment, DeploymentConfiguration, Json, Service } from '../../model.js';
import type { Strategy, TrafficShift } from '../../model-strategies.js';

export const strategyOf = (config: DeploymentConfiguration): Strategy =>
  (config.strategy as Strategy | undefined) ?? 'ROLLING';

/** Green's share of production traffic at each step, and the minutes to hold it before the next. */
export interface ShiftStep {
  weight: number;
  holdMinutes: number;
}

const num = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);

export function shiftPlan(config: DeploymentConfiguration): ShiftStep[] {
  const strategy = strategyOf(config);
  if (strategy === 'CANARY') {
    const canary = (config.canaryConfiguration as Json | undefined) ?? {};
    const percent = num(canary.canaryPercent, 5);
    const bake = num(canary.canaryBakeTimeInMinutes, 10);
    return percent >= 100
      ? [{ weight: 100, holdMinutes: 0 }]
      : [
          { weight: percent, holdMinutes: bake },
          { weight: 100, holdMinutes: 0 },
        ];
  }
  if (strategy === 'LINEAR') {
    const linear = (config.linearConfiguration as Json | undefined) ?? {};
    const step = num(linear.stepPercent, 10);
    const bake = num(linear.stepBakeTimeInMinutes, 6);
    const steps: ShiftStep[] = [];
    // Tenths avoid 0.1-float drift; the step bake is not applied after 100 %.
    for (let tenths = Math.round(step * 10); tenths < 1000; tenths += Math.round(step * 10))
      steps.push({ weight: tenths / 10, holdMinutes: bake });
    steps.push({ weight: 100, holdMinutes: 0 });
    return steps;
  }
  return [{ weight: 100, holdMinutes: 0 }];
}

/**
 * The traffic-shift state of a new deployment, or undefined when it rolls: the strategy is ROLLING,
 * or nothing runs yet to shift traffic from (a service's first deployment rolls out as usual).
 * Blue is the deployment production traffic is on (`serving`: the last COMPLETED one, or the green
 * of a superseded shift that had most of production); `before` are the live deployments.
 */
export function beginTrafficShift(
  service: Service,
  before: Deployment[],
  serving: Deployment | undefined,
  at: number,
): TrafficShift | undefined {
  const strategy = strategyOf(service.deploymentConfiguration);
  if (strategy === 'ROLLING' || before.length === 0) return undefined;
  const blue = serving ?? before[0]!;
  return {
    strategy,
    stage: before.length > 1 ? 'RECONCILE_SERVICE' : 'PRE_SCALE_UP',
    stageStartedAt: at,
    shiftStep: 0,
    productionWeight: 0,
    testWeight: 0,
    blueDeploymentId: blue.id,
    hooks: [],
  };
}
