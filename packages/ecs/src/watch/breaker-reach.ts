// When ECS's deployment circuit breaker could fail a rolling deployment, from its settings
// (threshold, resetOnHealthyTask) and what each look shows (README: "How often ECS is asked").
import type { Deployment, DeploymentCircuitBreaker, Service } from '@aws-sdk/client-ecs';

/**
 * While the circuit breaker still counts, the longest wait between looks: a task of ours that fails
 * is replaced by a new launch, which Fargate provisions (its network interface attached) before it
 * can fail in turn. The cadence assumes that takes at least this long, so a look falls between two
 * failures, and after the first one looks are dense.
 */
export const RELAUNCH_MS = 10_000;

/**
 * The failed-task count at which the breaker fails a deployment (ThresholdConfiguration): by
 * default (BOUNDED_PERCENT 50) half the desired count, at least 3, at most 200; UNBOUNDED_PERCENT
 * without those bounds; COUNT the value itself.
 */
export function breakerThreshold(desired: number, breaker?: DeploymentCircuitBreaker): number {
  const config = breaker?.thresholdConfiguration;
  const value = config?.value ?? 50;
  if (config?.type === 'COUNT') return Math.max(1, value);
  const share = Math.ceil((value / 100) * desired);
  if (config?.type === 'UNBOUNDED_PERCENT') return Math.max(1, share);
  return Math.min(200, Math.max(3, share));
}

/** One followed deployment's breaker, across the looks at it. */
export class BreakerReach {
  private lastFailed = 0;
  private oldRunning?: number;
  /** The breaker no longer counts: failedTasks fell back to 0, or old tasks gave way to healthy ones. */
  private done = false;

  /**
   * The earliest moment the breaker could fail `ours`, from the look at `now`: now while the tasks
   * of ours that could fail at once reach its threshold, RELAUNCH_MS on while it counts but needs
   * relaunched tasks to fail too, never once it no longer counts (or is off).
   */
  earliestTrip(service: Service, ours: Deployment, now: number): number {
    const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
    this.note(service, ours, breaker);
    if (breaker?.enable !== true || this.done) return Number.POSITIVE_INFINITY;
    const failed = ours.failedTasks ?? 0;
    const live = (ours.pendingCount ?? 0) + (ours.runningCount ?? 0);
    const inReach = failed > 0 || failed + live >= breakerThreshold(ours.desiredCount ?? 0, breaker);
    return inReach ? now : now + RELAUNCH_MS;
  }

  /**
   * "Once a service deployment has one or more successfully running tasks, the failed task count
   * resets to zero and stops being evaluated" — unless `resetOnHealthyTask` is false.
   */
  private note(service: Service, ours: Deployment, breaker?: DeploymentCircuitBreaker): void {
    if (breaker?.resetOnHealthyTask === false) return;
    const failed = ours.failedTasks ?? 0;
    if (this.lastFailed > 0 && failed === 0) this.done = true;
    this.lastFailed = failed;
    // With minimumHealthyPercent >= 100 ECS stops an old task only once one of ours runs healthy.
    const old = (service.deployments ?? [])
      .filter((d) => d !== ours)
      .reduce((sum, d) => sum + (d.runningCount ?? 0), 0);
    const keepsAll = (service.deploymentConfiguration?.minimumHealthyPercent ?? 100) >= 100;
    if (keepsAll && this.oldRunning !== undefined && old < this.oldRunning && (ours.runningCount ?? 0) > 0)
      this.done = true;
    this.oldRunning = old;
  }
}
