// The cadence of one watchDeployments run: per followed deployment, the earliest moment ECS could
// report its outcome, from its rolling view or its strategy's judge.
import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import type { CallContext } from '../client/ecs-client.js';
import type { FollowedDeployment } from './deployment-verdict.js';
import { healthyAfterMs, TaskDefinitionBook } from './healthy-after.js';
import { RollingOutcomeClock } from './poll-cadence.js';

export interface CadenceTarget extends FollowedDeployment {
  service: string;
  /** A strategy's judge may say when its deployment can next change; without it, dense. */
  judge?: { earliestOutcome?(now: number): number };
}

export class FollowCadence {
  private readonly clocks = new Map<string, RollingOutcomeClock>();
  private readonly book: TaskDefinitionBook;

  constructor(ecs: ECSClient, context: CallContext) {
    this.book = new TaskDefinitionBook(ecs, context);
  }

  /** When `target`'s outcome could come at the earliest, judged from the look at `now`. */
  async earliestOutcome(target: CadenceTarget, service: Service | undefined, now: number): Promise<number> {
    if (target.judge) return target.judge.earliestOutcome?.(now) ?? now;
    const ours = service?.deployments?.find((d) => d.id === target.deploymentId);
    if (!service || !ours) return now;
    await this.book.learn(ours.taskDefinition);
    let clock = this.clocks.get(target.service);
    if (!clock) this.clocks.set(target.service, (clock = new RollingOutcomeClock(target.deploymentId)));
    return clock.earliestOutcome(service, now, healthyAfterMs(this.book.get(ours.taskDefinition), service));
  }
}
