// The looks of one watchDeployments run: a DescribeServices for every open service when one of them
// could change in a way it shows (or SPARSE_LOOK_MS passed), else only the reads of the strategies'
// judges that are due (a bake or traffic step ending shows in the service deployment alone).
import type { Service } from '@aws-sdk/client-ecs';
import type { Clock } from '@shipline/toolkit';
import { callEcs, describeServices } from '../client/ecs-client.js';
import { FINAL_STATES, judgeDeployment, type DeploymentVerdict } from './deployment-verdict.js';
import { FollowCadence } from './follow-cadence.js';
import { streamNewEvents } from './new-events.js';
import type { WatchOptions, WatchResult, WatchTarget } from './watch-types.js';

export class WatchLooks {
  readonly results = new Map<string, WatchResult>();
  private readonly seen: Map<string, Set<string>>;
  private readonly cadence: FollowCadence;
  /** Per service, epoch ms: when DescribeServices could show a change, and its judge's next read. */
  private readonly lookDue = new Map<string, number>();
  private readonly judgeDue = new Map<string, number>();
  private describedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: WatchOptions,
    private readonly clock: Clock,
    private readonly sparseMs: number,
  ) {
    this.seen = new Map(options.targets.map((t) => [t.service, new Set(t.knownEventIds ?? [])]));
    this.cadence = new FollowCadence(options.ecs, options);
  }

  pending(): WatchTarget[] {
    return this.options.targets.filter((t) => {
      const verdict = this.results.get(t.service)?.verdict;
      return verdict === undefined || !FINAL_STATES.has(verdict.state);
    });
  }

  /** One look; `earliest`: when the next DescribeServices and each judge's next read are due. */
  async look(): Promise<{ done: boolean; earliest: number[] }> {
    const { options } = this;
    const open = this.pending();
    // The last look, at the deadline, is a whole one: the timed-out verdicts carry a fresh view.
    const now = this.clock.now();
    const describe = now >= this.describeDue(open) || now >= options.deadline;
    let views = new Map(open.map((t) => [t.service, this.results.get(t.service)?.last]));
    if (describe) {
      const described = await describeServices(
        options.ecs,
        options.cluster,
        open.map((t) => t.service),
        options,
      );
      views = new Map(open.map((t) => [t.service, described.get(t.service)]));
      this.describedAt = this.clock.now();
      for (const target of open)
        streamNewEvents(target, views.get(target.service), this.seen.get(target.service)!, options.onEvent);
    }
    const due = (t: WatchTarget) =>
      t.judge !== undefined && this.clock.now() >= (this.judgeDue.get(t.service) ?? 0);
    const judged = describe ? open : open.filter(due);
    // Judged together, so that the judges' reads of their service deployments share one call.
    const verdicts = await Promise.all(
      judged.map((target) => {
        const view = views.get(target.service);
        if (!target.judge) return confirm(options, view, judgeDeployment(view, target));
        // Before its read is due, a judged deployment DescribeServices shows in progress keeps its verdict.
        return (
          (due(target) ? undefined : this.quiet(target, view)) ?? target.judge.judge(view, target, options)
        );
      }),
    );
    for (const [i, target] of judged.entries())
      this.results.set(target.service, {
        service: target.service,
        verdict: verdicts[i]!,
        last: views.get(target.service),
      });
    options.onCheck?.([...this.results.values()]);
    const after = this.clock.now();
    const next = this.pending().filter((t) => judged.includes(t));
    const plans = await Promise.all(
      next.map((t) => this.cadence.plan(t, this.results.get(t.service)?.last, after, describe)),
    );
    for (const [i, target] of next.entries()) {
      this.lookDue.set(target.service, plans[i]!.look);
      this.judgeDue.set(target.service, plans[i]!.judge);
    }
    const left = this.pending();
    const judges = left.filter((t) => t.judge).map((t) => this.judgeDue.get(t.service) ?? after);
    return { done: left.length === 0, earliest: [this.describeDue(left), ...judges] };
  }

  /** The next DescribeServices: when a service could show a change, SPARSE_LOOK_MS after the last at most. */
  private describeDue(open: WatchTarget[]): number {
    const looks = open.map((t) => this.lookDue.get(t.service) ?? Number.NEGATIVE_INFINITY);
    return Math.min(this.describedAt + this.sparseMs, ...looks);
  }

  private quiet(target: WatchTarget, view: Service | undefined): DeploymentVerdict | undefined {
    const previous = this.results.get(target.service)?.verdict;
    if (previous?.state !== 'in-progress') return undefined;
    return judgeDeployment(view, target).state === 'in-progress' ? previous : undefined;
  }
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
