// watchDeployments: following one deployment per service, by id, until each is final or time is up.
import { type ECSClient, type Service, type ServiceDeployment, type ServiceEvent } from '@aws-sdk/client-ecs';
import { PollTimeoutError, systemClock, type Clock } from '@shipline/toolkit';
import { CallDeadlineError } from '../client/call-deadline.js';
import { callEcs, describeServices, type CallContext } from '../client/ecs-client.js';
import {
  FINAL_STATES,
  judgeDeployment,
  type DeploymentVerdict,
  type FollowedDeployment,
} from './deployment-verdict.js';
import { FollowCadence } from './follow-cadence.js';
import { streamNewEvents } from './new-events.js';
import { DENSE_LOOK_MS, lookOnCadence, SPARSE_LOOK_MS } from './poll-cadence.js';

export interface WatchTarget extends FollowedDeployment {
  service: string;
  /** Event ids already seen before the deployment started; only newer events are streamed. */
  knownEventIds?: Iterable<string>;
  /**
   * How this deployment is judged when not from DescribeServices alone (a native strategy reads its
   * service deployment); absent, judgeDeployment (a rolling update) decides.
   */
  judge?: DeploymentJudge;
}

/** A strategy's way of judging one look at a deployment it follows. */
export interface DeploymentJudge {
  judge(
    service: Service | undefined,
    target: FollowedDeployment,
    context: CallContext,
  ): Promise<DeploymentVerdict>;
  /** The earliest moment (epoch ms) its deployment could reach an outcome (else from `last`, or dense). */
  earliestOutcome?(now: number): number;
  /** Its last look at the deployment's service deployment: the cadence reads stage and bakes from it. */
  readonly last?: ServiceDeployment;
}

export type WatchVerdict = DeploymentVerdict | { state: 'timed-out' } | { state: 'cancelled' };

export interface WatchResult {
  service: string;
  verdict: WatchVerdict;
  /** The last DescribeServices view of the service. */
  last?: Service;
}

export interface WatchOptions {
  ecs: ECSClient;
  cluster: string;
  targets: WatchTarget[];
  /** Epoch ms. */
  deadline: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** Between looks while an outcome may come (default DENSE_LOOK_MS). */
  minIntervalMs?: number;
  /** The longest wait between looks (default SPARSE_LOOK_MS). */
  maxIntervalMs?: number;
  onEvent?: (service: string, event: ServiceEvent) => void;
  onWait?: (info: { pending: string[]; nextInMs: number }) => void;
  /**
   * A second look before a 'completed' verdict stands (e.g. confirmServing); may turn it into
   * another verdict. Errors are treated like DescribeServices errors.
   */
  confirmCompleted?: (
    service: Service,
    verdict: Extract<DeploymentVerdict, { state: 'completed' }>,
  ) => Promise<DeploymentVerdict>;
  /** After every round of DescribeServices, with each service's verdict so far. */
  onCheck?: (results: WatchResult[]) => void;
}

/**
 * Follows one deployment per service, by id, until each reaches a final state (completed,
 * failed, rolled back by ECS, superseded, service gone), the deadline passes or the signal fires;
 * then returns every service's verdict with the last view of it. One DescribeServices call covers
 * ten services, and the next look comes when the first of them could reach an outcome (poll-cadence);
 * throttling and 5xx are retried within the deadline; other errors are thrown.
 */
export async function watchDeployments(options: WatchOptions): Promise<WatchResult[]> {
  const results = new Map<string, WatchResult>();
  const seen = new Map(options.targets.map((t) => [t.service, new Set(t.knownEventIds ?? [])]));
  const isFinal = (t: WatchTarget): boolean => {
    const verdict = results.get(t.service)?.verdict;
    return verdict !== undefined && FINAL_STATES.has(verdict.state);
  };
  const pending = (): WatchTarget[] => options.targets.filter((t) => !isFinal(t));

  const clock = options.clock ?? systemClock;
  const cadence = new FollowCadence(options.ecs, options);
  const judgeDue = new Map<string, number>();
  // Before its judge's next read is due, a judged deployment that DescribeServices still shows in
  // progress keeps its verdict: its service deployment cannot show an outcome yet (follow-cadence).
  const quietJudge = (target: WatchTarget, service: Service | undefined): DeploymentVerdict | undefined => {
    const previous = results.get(target.service)?.verdict;
    if (previous?.state !== 'in-progress' || clock.now() >= (judgeDue.get(target.service) ?? 0))
      return undefined;
    return judgeDeployment(service, target).state === 'in-progress' ? previous : undefined;
  };
  const look = async (): Promise<{ done: boolean; earliest: number[] }> => {
    const open = pending();
    const described = await describeServices(
      options.ecs,
      options.cluster,
      open.map((t) => t.service),
      options,
    );
    for (const target of open)
      streamNewEvents(target, described.get(target.service), seen.get(target.service)!, options.onEvent);
    // Judged together, so that the judges' reads of their service deployments share one call.
    const verdicts = await Promise.all(
      open.map(async (target) => {
        const service = described.get(target.service);
        // A native strategy's verdict is ECS's own (its service deployment's status): no second look.
        if (target.judge) return quietJudge(target, service) ?? target.judge.judge(service, target, options);
        return confirm(options, service, judgeDeployment(service, target));
      }),
    );
    for (const [i, target] of open.entries()) {
      results.set(target.service, {
        service: target.service,
        verdict: verdicts[i]!,
        last: described.get(target.service),
      });
    }
    options.onCheck?.([...results.values()]);
    const now = clock.now();
    const plans = await Promise.all(pending().map((t) => cadence.plan(t, results.get(t.service)?.last, now)));
    for (const [i, target] of pending().entries()) judgeDue.set(target.service, plans[i]!.judge);
    return { done: plans.length === 0, earliest: plans.map((p) => p.look) };
  };

  try {
    await lookOnCadence({
      look,
      deadline: options.deadline,
      signal: options.signal,
      clock,
      limits: {
        denseMs: options.minIntervalMs ?? DENSE_LOOK_MS,
        sparseMs: options.maxIntervalMs ?? SPARSE_LOOK_MS,
      },
      onWait: (nextInMs) => options.onWait?.({ pending: pending().map((t) => t.service), nextInMs }),
    });
  } catch (error) {
    const cancelled = options.signal?.aborted === true;
    const timedOut = error instanceof PollTimeoutError || error instanceof CallDeadlineError;
    if (!timedOut && !cancelled) throw error;
    const verdict: WatchVerdict = { state: cancelled ? 'cancelled' : 'timed-out' };
    for (const target of pending()) {
      results.set(target.service, {
        service: target.service,
        verdict,
        last: results.get(target.service)?.last,
      });
    }
  }
  return options.targets.map((t) => results.get(t.service)!);
}

/** The second look (confirmCompleted) a rolling verdict of completed needs before it stands. */
async function confirm(
  options: WatchOptions,
  service: Service | undefined,
  verdict: DeploymentVerdict,
): Promise<DeploymentVerdict> {
  if (!options.confirmCompleted) return verdict;
  if (verdict.state === 'completed') {
    return callEcs(options, () => options.confirmCompleted!(service!, verdict));
  }
  if (ecsSaysCompleted(verdict)) {
    // ECS's COMPLETED is final, but a release that keeps failing health checks seldom shows
    // every task running at the moment of a poll: judge it now, not on a lucky sample.
    const completed = { state: 'completed' as const, deployment: verdict.deployment };
    const confirmed = await callEcs(options, () => options.confirmCompleted!(service!, completed));
    if (confirmed.state === 'failed') return confirmed;
  }
  return verdict;
}

function ecsSaysCompleted(
  verdict: DeploymentVerdict,
): verdict is Extract<DeploymentVerdict, { state: 'in-progress' }> {
  return verdict.state === 'in-progress' && verdict.deployment.rolloutState === 'COMPLETED';
}
