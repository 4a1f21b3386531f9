// Following every deployment this run started until each is final, printing events and progress,
// then writing each verdict (and, for those that did not complete, why) into its service outcome.
import type { Service } from '@aws-sdk/client-ecs';
import { systemClock } from '@shipline/toolkit';
import { followUpContext, type CallContext } from '../client/ecs-client.js';
import { watchDeployments, type WatchResult, type WatchTarget } from '../watch/deployment-watcher.js';
import { diagnose } from '../watch/diagnosis.js';
import { elapsed, formatEvent, progressLine } from '../watch/progress-lines.js';
import { reasonOf, rolloutStateOf } from '../watch/rollout-state.js';
import { confirmServing } from '../watch/serving-check.js';
import { recordStrategy, type DeployStrategy } from '../strategy/deploy-strategy.js';
import type { DeployDeps, DeployOptions, ServiceOutcome } from './deploy-types.js';

/**
 * Watches every outcome's deployment (a COMPLETED one confirmed serving), records its rollout
 * state and reason, and what ECS rolled back to. Returns, per service, the ids of the events
 * already printed, so that a rollback that follows prints only newer ones.
 */
export async function followDeployments(
  options: Pick<DeployOptions, 'cluster'>,
  deps: DeployDeps,
  context: CallContext,
  startedAt: number,
  outcomes: ServiceOutcome[],
  before: { service: Service; strategy?: DeployStrategy }[],
): Promise<Map<string, string[]>> {
  const { log } = deps;
  const clock = context.clock ?? systemClock;
  const plain = (o: ServiceOutcome, i: number): WatchTarget => ({
    service: o.service,
    deploymentId: o.deploymentId ?? '',
    previousTaskDefinitionArn: o.previousTaskDefinitionArn,
    knownEventIds: (before[i]!.service.events ?? []).map((e) => e.id!).filter(Boolean),
  });
  // The strategy says how each deployment is followed (a native one by its service deployment).
  const targets = outcomes.map((o, i) => before[i]!.strategy?.follow(plain(o, i)) ?? plain(o, i));
  const printed = new Map<string, string>();
  let lastProgressAt = 0;
  const results = await watchDeployments({
    ecs: deps.ecs,
    cluster: options.cluster,
    targets,
    deadline: context.deadline,
    signal: deps.signal,
    clock,
    onEvent: (service, event) => log.info(formatEvent(service, event)),
    onCheck: (checked) => reportProgress(checked),
    confirmCompleted: (service, verdict) => confirmServing(deps.ecs, options.cluster, service, verdict),
  });
  function reportProgress(checked: WatchResult[]): void {
    const now = clock.now();
    const quiet = now - lastProgressAt < 15_000;
    for (const result of checked) {
      const line = progressLine(
        result.service,
        targets.find((t) => t.service === result.service)!.deploymentId,
        result.last,
      );
      if (quiet && printed.get(result.service) === line) continue;
      printed.set(result.service, line);
      log.info(`${line} (${elapsed(startedAt, now, context.deadline)})`);
    }
    lastProgressAt = now;
  }
  const diagnosisContext = followUpContext(context, 20_000);
  for (const [i, result] of results.entries()) {
    const outcome = outcomes[i]!;
    recordStrategy(outcome, before[i]!.strategy);
    outcome.rolloutState = rolloutStateOf(result.verdict);
    outcome.reason = reasonOf(result.verdict);
    if (result.verdict.state === 'rolled-back') {
      const failure = failureEvent(result.last, outcome.deploymentId);
      if (failure) outcome.reason = `${failure}; ${outcome.reason}`;
      outcome.rolledBack = true;
      outcome.rollback = {
        by: 'ECS',
        taskDefinitionArn: result.verdict.replacement.taskDefinition ?? '',
        deploymentId: result.verdict.replacement.id,
        rolloutState: 'IN_PROGRESS',
      };
    }
    log.info(`[${outcome.service}] ${outcome.rolloutState}${outcome.reason ? `: ${outcome.reason}` : ''}`);
    if (outcome.rolloutState === 'COMPLETED' || outcome.rolloutState === 'CANCELLED') continue;
    const why = await diagnose(
      deps.ecs,
      {
        cluster: options.cluster,
        service: outcome.service,
        deploymentId: outcome.deploymentId,
        last: result.last,
      },
      diagnosisContext,
    );
    outcome.events = why.events;
    outcome.stoppedTasks = why.stoppedTasks;
  }
  return new Map(
    results.map((r) => [r.service, (r.last?.events ?? []).flatMap((e) => (e.id ? [e.id] : []))]),
  );
}

/** ECS's own words on why a deployment it has since removed failed, from the service events. */
function failureEvent(view: Service | undefined, deploymentId: string | undefined): string | undefined {
  if (!deploymentId) return undefined;
  return view?.events?.find((e) => e.message?.includes(deploymentId) && /failed/i.test(e.message))?.message;
}
