// The lines deploy and rollback print while they wait: ECS events, progress, time left.
import type { Service, ServiceEvent } from '@aws-sdk/client-ecs';
import { formatDuration } from '@shipline/toolkit';

/** `[web] 12:00:03 (service web) has started 2 tasks: ...` — ECS's own time, simulated or real. */
export function formatEvent(service: string, event: ServiceEvent): string {
  const at = event.createdAt?.toISOString().slice(11, 19) ?? '--:--:--';
  return `[${service}] ${at} ${event.message ?? ''}`;
}

/** One progress line for a service under a deployment: counts of ours and what else still runs. */
export function progressLine(service: string, deploymentId: string, view: Service | undefined): string {
  const ours = view?.deployments?.find((d) => d.id === deploymentId);
  if (!ours) return `[${service}] waiting for deployment ${deploymentId} to show`;
  const others = (view?.deployments ?? [])
    .filter((d) => d !== ours)
    .reduce((sum, d) => sum + (d.runningCount ?? 0), 0);
  const failed = ours.failedTasks ? `, ${ours.failedTasks} failed` : '';
  const old = others > 0 ? `; ${others} old task(s) still running` : '';
  return `[${service}] ${ours.rolloutState ?? ours.status}: ${ours.runningCount ?? 0}/${ours.desiredCount ?? 0} running, ${ours.pendingCount ?? 0} pending${failed}${old}`;
}

export function elapsed(startedAt: number, now: number, deadline: number): string {
  return `${formatDuration(now - startedAt)} elapsed, deadline in ${formatDuration(Math.max(0, deadline - now))}`;
}
