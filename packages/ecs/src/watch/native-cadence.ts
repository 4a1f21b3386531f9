// The earliest moment ECS could end a native strategy's service deployment (BLUE_GREEN, CANARY,
// LINEAR), from its lifecycle stage, bake times and traffic steps (README: "How often ECS is asked").
import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import { RollingOutcomeClock } from './poll-cadence.js';

const RUNNING = new Set(['PENDING', 'IN_PROGRESS']);
const STARTING = new Set(['RECONCILE_STATE', 'PRE_SCALE_UP', 'SCALE_UP']);
const minutes = (n: number | undefined) => (n ?? 0) * 60_000;

/**
 * ECS ends a native rollout SUCCESSFUL only after BAKE_TIME (`bakeTimeInMinutes` once production
 * traffic is all on green), moves a canary or linear step only after its step bake, and cannot
 * scale up green sooner than its tasks can be healthy. A stage or step seen at one look began after
 * the previous look that saw another, so each bound counts from that look. Alarms being watched,
 * lifecycle hooks, a rollback under way and every other stage look densely (now).
 * Once green has scaled up its tasks have been healthy, so the circuit breaker no longer counts
 * (unless `resetOnHealthyTask` is false): during the traffic steps and the bake only the service
 * deployment can show an outcome, and DescribeServices is due only for events (SPARSE_LOOK_MS).
 */
export class NativeOutcomeClock {
  private readonly scaling: RollingOutcomeClock;
  private previousLookAt?: number;
  private stage?: string;
  private stageSince?: number;
  private weight?: number;
  private weightSince?: number;

  constructor(deploymentId: string) {
    this.scaling = new RollingOutcomeClock(deploymentId);
  }

  /**
   * When the service deployment could show an outcome at the earliest (`judge`: when to read it
   * again), and when DescribeServices must look (`look`: at once while green's scale-up could trip
   * the breaker, which DescribeServices shows).
   */
  plan(
    record: ServiceDeployment | undefined,
    service: Service | undefined,
    now: number,
    healthyAfterMs: number,
    fresh = true,
  ): { look: number; judge: number } {
    const since = this.previousLookAt ?? record?.createdAt?.getTime() ?? now;
    this.previousLookAt = now;
    const at = (t: number) => ({ look: t, judge: t });
    if (!record || !RUNNING.has(record.status ?? '')) return at(now);
    const stage = record.lifecycleStage ?? '';
    const weight = record.targetServiceRevision?.requestedProductionTrafficWeight;
    if (stage !== this.stage) [this.stage, this.stageSince] = [stage, since];
    if (weight !== this.weight) [this.weight, this.weightSince] = [weight, since];
    const config = record.deploymentConfiguration;
    if (record.alarms?.status === 'MONITORING' || (config?.lifecycleHooks ?? []).length > 0) return at(now);
    const breakerCounts =
      service?.deploymentConfiguration?.deploymentCircuitBreaker?.resetOnHealthyTask === false;
    const readAt = (t: number) => (breakerCounts ? at(now) : { look: Number.POSITIVE_INFINITY, judge: t });
    if (stage === 'BAKE_TIME') return readAt(this.stageSince! + minutes(config?.bakeTimeInMinutes));
    if (stage === 'PRODUCTION_TRAFFIC_SHIFT' && weight !== undefined && weight < 100) {
      const step =
        config?.strategy === 'CANARY'
          ? config.canaryConfiguration?.canaryBakeTimeInMinutes
          : config?.strategy === 'LINEAR'
            ? config.linearConfiguration?.stepBakeTimeInMinutes
            : 0;
      return readAt(this.weightSince! + minutes(step));
    }
    // Green's scale-up is judged from DescribeServices: an old view is no view.
    if (!STARTING.has(stage) || !fresh) return at(now);
    const { completion, failure } = this.scaling.bounds(service, now, healthyAfterMs);
    return { look: Math.min(completion, failure), judge: completion };
  }
}
