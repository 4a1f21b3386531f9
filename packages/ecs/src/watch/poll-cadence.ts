// When the next look at a run's deployments is due: every DENSE_LOOK_MS while ECS could report an
// outcome before the next look, and no sooner than it could otherwise (README: "How often ECS is asked").
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { abortReason, PollTimeoutError, type Clock } from '@shipline/toolkit';

/** Between looks while an outcome may come: ECS's verdict is seen at most this long after it. */
export const DENSE_LOOK_MS = 1_800;
/** The longest wait between looks, however far an outcome is: events and progress stay this fresh. */
export const SPARSE_LOOK_MS = 15_000;
/**
 * While the circuit breaker still counts, the longest wait between looks: a task of ours that fails
 * is replaced by a new launch, which Fargate provisions (its network interface attached) before it
 * can fail in turn. The cadence assumes that takes at least this long, so a look falls between two
 * failures, and after the first one looks are dense.
 */
export const RELAUNCH_MS = 10_000;

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
 * - COMPLETED needs every desired task of ours RUNNING and healthy; a task is not healthy sooner
 *   than `healthyAfterMs` after it starts (its first container health check, or the load
 *   balancer's healthy threshold). A task not RUNNING at a look starts after it, so once all run,
 *   COMPLETED cannot come before the last look that saw fewer + healthyAfterMs.
 * - The circuit breaker fails a deployment at `failedTasks` >= threshold (half the desired count,
 *   3 to 200) and stops counting once a task has run healthy ("the failed task count resets to
 *   zero and stops being evaluated"): while it counts, it can trip as soon as enough live tasks
 *   of ours fail at once, so the cadence stays dense then; with fewer, only once replacements have
 *   failed too, which takes a relaunch (RELAUNCH_MS) each.
 * - Deployment alarms can fail it at any time.
 * Anything else (a verdict forming, ours no longer PRIMARY, the service going away) is dense.
 */
export class RollingOutcomeClock {
  /** The last look at which ours ran fewer tasks than desired. */
  private notAllRunningAt?: number;
  private lastFailed = 0;
  private oldRunning?: number;
  /** The breaker no longer counts: failedTasks fell back to 0, or old tasks gave way to healthy ones. */
  private breakerDone = false;

  constructor(private readonly deploymentId: string) {}

  /** `healthyAfterMs`: how soon after starting a task of ours can be healthy (healthy-after.ts). */
  earliestOutcome(service: Service | undefined, now: number, healthyAfterMs: number): number {
    const { completion, failure } = this.bounds(service, now, healthyAfterMs);
    return Math.min(completion, failure);
  }

  /**
   * The earliest COMPLETED (or a verdict already forming: now), and the earliest failure that
   * DescribeServices would show (the breaker tripping, an alarm): now while one could come at any
   * moment, RELAUNCH_MS while the breaker still counts but needs relaunched tasks to fail first.
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
    this.noteBreaker(service, ours);
    const failure =
      service.deploymentConfiguration?.alarms?.enable === true || this.breakerInReach(service, ours)
        ? now
        : this.breakerArmed(service)
          ? now + RELAUNCH_MS
          : Number.POSITIVE_INFINITY;
    if ((ours.runningCount ?? 0) < (ours.desiredCount ?? 0)) {
      this.notAllRunningAt = now;
      return { completion: now + healthyAfterMs, failure };
    }
    const since = this.notAllRunningAt ?? ours.createdAt?.getTime() ?? now;
    return { completion: since + healthyAfterMs, failure };
  }

  private breakerArmed(service: Service): boolean {
    return service.deploymentConfiguration?.deploymentCircuitBreaker?.enable === true && !this.breakerDone;
  }

  private breakerInReach(service: Service, ours: Deployment): boolean {
    if (!this.breakerArmed(service)) return false;
    const failed = ours.failedTasks ?? 0;
    const live = (ours.pendingCount ?? 0) + (ours.runningCount ?? 0);
    return failed > 0 || failed + live >= breakerThreshold(ours.desiredCount ?? 0);
  }

  private noteBreaker(service: Service, ours: Deployment): void {
    const failed = ours.failedTasks ?? 0;
    if (this.lastFailed > 0 && failed === 0) this.breakerDone = true;
    this.lastFailed = failed;
    // With minimumHealthyPercent >= 100 ECS stops an old task only once one of ours runs healthy.
    const old = (service.deployments ?? [])
      .filter((d) => d !== ours)
      .reduce((sum, d) => sum + (d.runningCount ?? 0), 0);
    const keepsAll = (service.deploymentConfiguration?.minimumHealthyPercent ?? 100) >= 100;
    if (keepsAll && this.oldRunning !== undefined && old < this.oldRunning && (ours.runningCount ?? 0) > 0)
      this.breakerDone = true;
    this.oldRunning = old;
  }
}

/** ECS's circuit breaker threshold: half the desired count, at least 3, at most 200. */
export function breakerThreshold(desired: number): number {
  return Math.min(200, Math.max(3, Math.ceil(0.5 * desired)));
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
