// The service events a watch has not shown yet, each handed on once, oldest first.
import type { Service, ServiceEvent } from '@aws-sdk/client-ecs';

/**
 * Hands each event of `service` not yet in `seen` to `onEvent` once, oldest first. Without a
 * record of what came before (`knownEventIds`), events older than the deployment are history.
 */
export function streamNewEvents(
  target: { service: string; deploymentId: string; knownEventIds?: Iterable<string> },
  service: Service | undefined,
  seen: Set<string>,
  onEvent?: (service: string, event: ServiceEvent) => void,
): void {
  const events = service?.events ?? [];
  if (target.knownEventIds === undefined && seen.size === 0) {
    // No record of what came before: what predates our deployment is history, not news.
    const ours = service?.deployments?.find((d) => d.id === target.deploymentId);
    const startedAt = ours?.createdAt?.getTime() ?? 0;
    for (const event of events)
      if ((event.createdAt?.getTime() ?? 0) < startedAt && event.id) seen.add(event.id);
  }
  for (const event of [...events].reverse()) {
    if (!event.id || seen.has(event.id)) continue;
    seen.add(event.id);
    onEvent?.(target.service, event);
  }
}
