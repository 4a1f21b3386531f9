// The one place a service's DeployStrategy is chosen: from its deploymentConfiguration.strategy,
// as the strategy inputs change it.
import type { Service } from '@aws-sdk/client-ecs';
import type { InputError } from '@shipline/toolkit';
import type { DeployStrategy, StrategyDeps } from './deploy-strategy.js';
import { NativeStrategy } from './native-strategy.js';
import { RollingStrategy } from './rolling-strategy.js';
import { planStrategy, type BakeRequest, type StrategyPlan } from './strategy-plan.js';
import type { StrategySettings } from './strategy-settings.js';

/** a service's strategy is chosen: from its deploymentConfiguration.strategy as the
 * inputs change it. Returns the inputs it cannot take instead, each naming the input.
 */
export function chooseStrategy(
  service: Service,
  settings: StrategySettings,
  bake: BakeRequest,
  deps: StrategyDeps,
): { strategy?: DeployStrategy; problems: InputError[] } {
  const { plan, problems } = planStrategy(service, settings, bake);
  if (!plan) return { problems };
  return { strategy: strategyFor(service.serviceName!, plan, deps), problems };
}

/** The strategy the service has now, as a rollback of it needs it. */
export function currentStrategy(service: Service, deps: StrategyDeps): DeployStrategy {
  const { plan } = planStrategy(service, { strategy: 'keep' }, {});
  const fallback: StrategyPlan = {
    strategy: 'ROLLING',
    effective: {},
    minimumMs: 0,
    minimumWhy: 'a rolling update',
  };
  return strategyFor(service.serviceName!, plan ?? fallback, deps);
}

function strategyFor(service: string, plan: StrategyPlan, deps: StrategyDeps): DeployStrategy {
  return plan.strategy === 'ROLLING'
    ? new RollingStrategy(plan, deps)
    : new NativeStrategy(service, plan, deps);
}
