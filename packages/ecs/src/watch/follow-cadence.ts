// The cadence of one watchDeployments run: per followed deployment, the earliest moment ECS could
// report its outcome, from its rolling view or its native strategy's service deployment.
import type { ECSClient, Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import type { CallContext } from '../client/ecs-client.js';
import type { FollowedDeployment } from './deployment-verdict.js';
import { healthyAfterMs, TaskDefinitionBook } from './healthy-after.js';
import { NativeOutcomeClock } from './native-cadence.js';
import { RollingOutcomeClock } from './poll-cadence.js';

export interface CadenceTarget extends FollowedDeployment {
  service: string;
  /** A strategy's judge: says when its deployment can next change, or shows its service deployment. */
  judge?: { earliestOutcome?(now: number): number; readonly last?: ServiceDeployment };
}

/** Epoch ms: the next look (DescribeServices), and the next read by the target's judge. */
export interface LookPlan {
  look: number;
  judge: number;
}

/**
 * ECS's timestamps (events, deployments) never lie ahead of the runner's clock by more than its
 * skew (a runner keeps its clock synchronised; SigV4 already refuses five minutes). Further ahead,
 * ECS's time runs faster than this step's (an emulator scaled against real time) and bounds measured
 * on this step's clock do not hold: every look is then dense. A runner whose clock is slow by more
 * costs calls, never a late verdict.
 */
export const CLOCK_SKEW_MS = 10_000;

export class FollowCadence {
  private ecsAhead = false;
  private readonly rolling = new Map<string, RollingOutcomeClock>();
  private readonly native = new Map<string, NativeOutcomeClock>();
  private readonly book: TaskDefinitionBook;

  constructor(ecs: ECSClient, context: CallContext) {
    this.book = new TaskDefinitionBook(ecs, context);
  }

  /**
   * From the look at `now`: when the next look is due for `target` (its outcome could come) and,
   * for a strategy's judge, when it needs to read its service deployment again. `fresh`: `service`
   * is this look's DescribeServices answer (else the last one, and only the judge read anew).
   */
  async plan(
    target: CadenceTarget,
    service: Service | undefined,
    now: number,
    fresh = true,
  ): Promise<LookPlan> {
    const at = (t: number) => ({ look: t, judge: t });
    if (target.judge?.earliestOutcome) return at(target.judge.earliestOutcome(now));
    this.ecsAhead ||= newestTime(service, target.judge?.last) > now + CLOCK_SKEW_MS;
    if (this.ecsAhead) return at(now);
    const ours = service?.deployments?.find((d) => d.id === target.deploymentId);
    if (!service || !ours) return at(now);
    await this.book.learn(ours.taskDefinition);
    const healthyAfter = healthyAfterMs(this.book.get(ours.taskDefinition), service);
    if (target.judge) {
      const clock = this.clockOf(this.native, target, () => new NativeOutcomeClock(target.deploymentId));
      return clock.plan(target.judge.last, service, now, healthyAfter, fresh);
    }
    const clock = this.clockOf(this.rolling, target, () => new RollingOutcomeClock(target.deploymentId));
    return at(clock.earliestOutcome(service, now, healthyAfter));
  }

  private clockOf<T>(clocks: Map<string, T>, target: CadenceTarget, create: () => T): T {
    const key = `${target.service} ${target.deploymentId}`;
    if (!clocks.has(key)) clocks.set(key, create());
    return clocks.get(key)!;
  }
}

/** The newest moment ECS stamped on what a look showed (epoch ms; 0 when none). */
function newestTime(service: Service | undefined, record: ServiceDeployment | undefined): number {
  const stamps = [
    ...(service?.events ?? []).map((e) => e.createdAt),
    ...(service?.deployments ?? []).flatMap((d) => [d.createdAt, d.updatedAt]),
    record?.createdAt,
    record?.updatedAt,
  ];
  return Math.max(0, ...stamps.map((d) => d?.getTime() ?? 0));
}
