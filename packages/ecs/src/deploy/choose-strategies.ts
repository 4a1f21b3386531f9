// Pre-flight's strategy part: each service's DeployStrategy chosen, the strategy inputs it cannot
// take and a timeout shorter than its rollout needs refused, before any change.
import type { Service } from '@aws-sdk/client-ecs';
import { formatDuration, InputError, InputErrors, type ActionLog } from '@shipline/toolkit';
import { chooseStrategy } from '../strategy/choose-strategy.js';
import type { DeployStrategy, StrategyDeps } from '../strategy/deploy-strategy.js';
import { describeMoment } from '../strategy/service-deployment.js';
import { START_ALLOWANCE_MS } from '../strategy/strategy-plan.js';
import { untilProblem } from '../strategy/test-hook.js';
import type { DeployOptions } from './deploy-types.js';

/**
 * One strategy per service, from its deploymentConfiguration.strategy as the inputs change it.
 * Throws InputErrors (nothing changed yet) for inputs a service cannot take and for a `timeout`
 * shorter than the longest rollout needs, naming the minimum.
 */
export function chooseStrategies(
  options: DeployOptions,
  deps: Omit<StrategyDeps, 'onMoment' | 'cluster'> & { log: ActionLog },
  services: Service[],
): Map<string, DeployStrategy> {
  const { log } = deps;
  const strategyDeps: StrategyDeps = {
    ecs: deps.ecs,
    cluster: options.cluster,
    onMoment: (service, moment) => log.info(`[${service}] ${describeMoment(moment)}`),
    until: options.until,
  };
  const toTestHook = options.until === 'test-traffic';
  const bake = { bakeTimeMs: options.bakeTimeGiven ? options.bakeTimeMs : undefined };
  const chosen = new Map<string, DeployStrategy>();
  const problems: InputError[] = [];
  for (const service of services) {
    const result = chooseStrategy(service, options.strategy ?? { strategy: 'keep' }, bake, strategyDeps);
    problems.push(...result.problems.filter((p) => !problems.some((q) => q.message === p.message)));
    if (result.strategy) chosen.set(service.serviceName!, result.strategy);
    const until = options.wait && result.strategy;
    const why = until && untilProblem(service, until.plan.effective, options.until ?? 'completed');
    if (why) problems.push(new InputError('until', why.problem, why.example));
  }
  if (toTestHook && !options.wait)
    problems.push(
      new InputError('until', 'test-traffic needs wait: true (the step waits for the hook)', 'wait: true'),
    );
  if (problems.length > 0) throw new InputErrors(problems);
  // Stopping at the test hook needs only green started and the test listener moved.
  const needs = (s: DeployStrategy) =>
    toTestHook ? Math.min(s.plan.minimumMs, START_ALLOWANCE_MS) : s.plan.minimumMs;
  const longest = [...chosen.entries()].sort(([, a], [, b]) => needs(b) - needs(a))[0];
  if (options.wait && longest && needs(longest[1]) > options.timeoutMs) {
    const [service, { plan }] = longest;
    const minimum = Math.ceil(needs(longest[1]) / 60_000) * 60_000;
    throw new InputErrors([
      new InputError(
        'timeout',
        `(${formatDuration(options.timeoutMs)}) is shorter than the ${plan.strategy} rollout of ${service} needs: at least ${formatDuration(minimum)} (${toTestHook ? 'to start green and move the test listener' : plan.minimumWhy})`,
        formatDuration(minimum + 5 * 60_000),
      ),
    ]);
  }
  for (const [service, strategy] of chosen) {
    const change = strategy.plan.configuration ? ' (set by this run)' : '';
    const needs =
      strategy.plan.minimumMs > 0
        ? `; a healthy rollout takes at least ${formatDuration(strategy.plan.minimumMs)}`
        : '';
    log.info(`${service}: strategy ${strategy.name}${change}${needs}`);
  }
  return chosen;
}
