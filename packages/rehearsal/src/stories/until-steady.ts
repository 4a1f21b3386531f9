// Waiting for a seeded service to run the previous release before a story starts. Its tasks may be
// real containers on a machine busy with other work, so the wait is not a fixed span of real time:
// it fails at once when ECS gives up on the deployment, after `stallMs` in which nothing about the
// service changed, or after `capMs` in all; otherwise a slow start is only slow.
import { DescribeServicesCommand, type ECSClient, type Service } from '@aws-sdk/client-ecs';

export interface SteadyWait {
  /** Fails when the service shows no change (counts, deployments, events) for this long. */
  stallMs?: number;
  /** Fails after this long whatever the service shows. */
  capMs?: number;
  /** What the service should be running, for the error ("running the previous release"). */
  what?: string;
  /** Between two DescribeServices calls. */
  pollMs?: number;
}

const steady = (s: Service | undefined) =>
  s !== undefined && s.runningCount === s.desiredCount && s.deployments?.[0]?.rolloutState === 'COMPLETED';

/** What a change of the service shows: counts, each deployment's state and the newest event. */
const progressOf = (s: Service | undefined) =>
  JSON.stringify([
    s?.runningCount,
    s?.pendingCount,
    s?.deployments?.map((d) => [d.id, d.rolloutState, d.runningCount, d.pendingCount, d.failedTasks]),
    s?.events?.[0]?.id,
  ]);

function stateOf(s: Service | undefined): string {
  if (!s) return 'the service is not there';
  const newest = s.deployments?.[0];
  const events = (s.events ?? [])
    .slice(0, 3)
    .map((e) => e.message)
    .join(' | ');
  return (
    `${s.runningCount ?? 0} of ${s.desiredCount ?? 0} running, ${s.pendingCount ?? 0} pending, ` +
    `newest deployment ${newest?.rolloutState ?? 'none'}` +
    (newest?.rolloutStateReason ? ` (${newest.rolloutStateReason})` : '') +
    (newest?.failedTasks ? `, ${newest.failedTasks} failed task(s)` : '') +
    (events ? `; latest events: ${events}` : '')
  );
}

/** Waits until the service runs its desired count with its newest deployment COMPLETED. */
export async function untilSteady(
  ecs: ECSClient,
  cluster: string,
  service: string,
  { stallMs = 120_000, capMs = 600_000, what = 'running the previous release', pollMs = 50 }: SteadyWait = {},
): Promise<void> {
  const started = Date.now();
  let changedAt = started;
  let progress = '';
  for (;;) {
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
    const found = services?.[0];
    if (steady(found)) return;
    const now = Date.now();
    const fail = (why: string) =>
      new Error(`${cluster}/${service} ${what} did not become steady: ${why}; ${stateOf(found)}`);
    if (found?.deployments?.[0]?.rolloutState === 'FAILED') throw fail('ECS gave up on its deployment');
    if (progressOf(found) !== progress) [progress, changedAt] = [progressOf(found), now];
    if (now - changedAt > stallMs) throw fail(`nothing changed in ${stallMs / 1000} s`);
    if (now - started > capMs) throw fail(`still not after ${capMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
