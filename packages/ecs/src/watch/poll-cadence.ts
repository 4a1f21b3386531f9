// When the next look at a run's deployments is due: every DENSE_LOOK_MS while ECS could report an
// outcome before the next look, and no sooner than it could otherwise (README: "How often ECS is asked").
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { abortReason, PollTimeoutError, type Clock } from '@shipline/toolkit';
import { BreakerReach } from './breaker-reach.js';

export { breakerThreshold, RELAUNCH_MS } from './breaker-reach.js';

/** Between looks while an outcome may come: ECS's verdict is seen at most this long after it. */
export const DENSE_LOOK_MS = 1_800;
/** The longest wait between looks, however far an outcome is: events and progress stay this fresh. */
export const SPARSE_LOOK_MS = 15_000;

export interface CadenceLimits {
  denseMs: number;
  sparseMs: number;
}

/**
 * The shared cadence of one run: one look (one DescribeServices per ten services) serves every
 * service, so the next is due when the first of them could change, but never sooner than
 * `denseMs` nor later than `sparseMs` from now.
 */
export function nextLookInMs(earliestOutcomes: number[], now: number, limits: CadenceLimits): number {
  const first = Math.min(...earliestOutcomes, now + limits.sparseMs);
  return Math.max(limits.denseMs, Math.min(limits.sparseMs, first - now));
}

/**
 * The earliest moment ECS could report the outcome of one rolling deployment, from what each look
 * shows. It rests on what ECS documents:
 * - COMPLETED needs every desired task of ours RUNNING and healthy (with early success criteria,
 *   `healthyPercent` of them); a task is not healthy sooner than `healthyAfterMs` after it starts
 *   (its first container health check, or the load balancer's healthy threshold). A task not
 *   RUNNING at a look starts after it, so once enough run, COMPLETED cannot come before the last
 *   look that saw fewer + healthyAfterMs.
 * - The circuit breaker (breaker-reach.ts) and deployment alarms, which can fail it at any time.
 * Anything else (a verdict forming, ours no longer PRIMARY, the service going away) is dense.
 */
export class RollingOutcomeClock {
  /** The last look at which ours ran fewer tasks than COMPLETED needs. */
  private tooFewRunningAt?: number;
  private readonly breaker = new BreakerReach();

  constructor(private readonly deploymentId: string) {}

  /** `healthyAfterMs`: how soon after starting a task of ours can be healthy (healthy-after.ts). */
  earliestOutcome(service: Service | undefined, now: number, healthyAfterMs: number): number {
    const { completion, failure } = this.bounds(service, now, healthyAfterMs);
    return Math.min(completion, failure);
  }

  /**
   * The earliest COMPLETED (or a verdict already forming: now), and the earliest failure that
   * DescribeServices would show (the breaker tripping, an alarm).
   */
  bounds(
    service: Service | undefined,
    now: number,
    healthyAfterMs: number,
  ): { completion: number; failure: number } {
    const ours = service?.deployments?.find((d) => d.id === this.deploymentId);
    if (!service || service.status !== 'ACTIVE' || !ours) return { completion: now, failure: now };
    if (ours.status !== 'PRIMARY' || ours.rolloutState !== 'IN_PROGRESS')
      return { completion: now, failure: now };
    const trip = this.breaker.earliestTrip(service, ours, now);
    const failure = service.deploymentConfiguration?.alarms?.enable === true ? now : trip;
    if ((ours.runningCount ?? 0) < runningForCompletion(service, ours)) {
      this.tooFewRunningAt = now;
      return { completion: now + healthyAfterMs, failure };
    }
    const since = this.tooFewRunningAt ?? ours.createdAt?.getTime() ?? now;
    return { completion: since + healthyAfterMs, failure };
  }
}

/**
 * How many tasks of ours must run before ECS can call the rollout COMPLETED: all it wants, or with
 * early success criteria `healthyPercent` of the desired count (DeploymentEarlySuccessCriteria).
 */
function runningForCompletion(service: Service, ours: Deployment): number {
  const desired = ours.desiredCount ?? 0;
  const early = service.deploymentConfiguration?.earlySuccessCriteria;
  if (early?.enable !== true) return desired;
  return Math.min(desired, Math.max(1, Math.ceil(((early.healthyPercent ?? 100) / 100) * desired)));
}

export interface CadencedLooks {
  /** One look; `done` ends the looking, `earliest` says when each open service could change. */
  look: (attempt: number) => Promise<{ done: boolean; earliest: number[] }>;
  /** Epoch ms: the last look happens at the deadline at the latest. */
  deadline: number;
  limits: CadenceLimits;
  clock: Clock;
  signal?: AbortSignal;
  onWait?: (nextInMs: number) => void;
}

/**
 * Looks until done, each next look when nextLookInMs says, never sleeping past the deadline, with
 * one last look there before giving up with the toolkit's PollTimeoutError.
 */
export async function lookOnCadence(options: CadencedLooks): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    const { done, earliest } = await options.look(attempt);
    if (done) return;
    const now = options.clock.now();
    const remaining = options.deadline - now;
    if (remaining <= 0) throw new PollTimeoutError(undefined, attempt);
    const nextInMs = Math.min(nextLookInMs(earliest, now, options.limits), remaining);
    options.onWait?.(nextInMs);
    await options.clock.sleep(nextInMs, options.signal);
  }
}
