// How soon after it starts a task of a service can be healthy at the earliest: its container health
// checks' first probe, or the load balancer's healthy threshold. Read once per task definition.
import {
  DescribeTaskDefinitionCommand,
  type ECSClient,
  type Service,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { systemClock } from '@shipline/toolkit';
import { callEcs, type CallContext } from '../client/ecs-client.js';

/** An ALB target is healthy after HealthyThresholdCount (>= 2) checks HealthCheckIntervalSeconds (>= 5) apart. */
export const LOAD_BALANCER_HEALTHY_MS = 10_000;
/** How long the cadence's read of a task definition may retry: it must never hold up a watch. */
const READ_BUDGET_MS = 10_000;
/** ECS's default container health check interval (5-300 s). */
const DEFAULT_INTERVAL_S = 30;

/**
 * Docker runs a container's first health check `interval` after it starts, and ECS calls a task
 * healthy only when every essential container that has a health check is; behind a load balancer,
 * only once its targets pass the healthy threshold. Without either, RUNNING is healthy at once: 0.
 */
export function healthyAfterMs(definition: TaskDefinition | undefined, service: Service): number {
  const checked = (definition?.containerDefinitions ?? []).filter(
    (c) => c.essential !== false && c.healthCheck?.command?.length,
  );
  const probe = Math.max(0, ...checked.map((c) => (c.healthCheck!.interval ?? DEFAULT_INTERVAL_S) * 1000));
  const balanced = (service.loadBalancers ?? []).length > 0 ? LOAD_BALANCER_HEALTHY_MS : 0;
  return Math.max(probe, balanced);
}

/**
 * Task definitions read for the cadence, one DescribeTaskDefinition per revision a run follows.
 * A failed read (10 s of retries at most) is remembered as unknown (no lower bound: the cadence
 * stays dense), never thrown.
 */
export class TaskDefinitionBook {
  private readonly read = new Map<string, Promise<TaskDefinition | undefined>>();
  private readonly known = new Map<string, TaskDefinition | undefined>();

  constructor(
    private readonly ecs: ECSClient,
    private readonly context: CallContext,
  ) {}

  /** What is known of `arn` now; undefined until its read has answered (or when it failed). */
  get(arn: string | undefined): TaskDefinition | undefined {
    return arn === undefined ? undefined : this.known.get(arn);
  }

  /** Reads `arn` unless already read. */
  async learn(arn: string | undefined): Promise<void> {
    if (arn === undefined || this.read.has(arn)) return this.read.get(arn ?? '')?.then(() => undefined);
    const now = (this.context.clock ?? systemClock).now();
    const context = { ...this.context, deadline: Math.min(this.context.deadline, now + READ_BUDGET_MS) };
    const reading = callEcs(context, (o) =>
      this.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }), o),
    ).then(
      (answer) => answer.taskDefinition,
      () => undefined,
    );
    this.read.set(arn, reading);
    this.known.set(arn, await reading);
  }
}
