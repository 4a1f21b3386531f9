// The job summary's rollout timeline for native strategies: each stage, the traffic split as a bar, alarms.
import type { RolloutMoment, ServiceOutcome } from '@shipline/ecs';
import { markdownTable } from '@shipline/toolkit';

/** `🟩🟩⬜⬜⬜⬜⬜⬜⬜⬜ 20% green`: ten cells of production traffic, green the new revision. */
export function trafficBar(green: number | undefined): string {
  if (green === undefined) return '';
  const cells = Math.round(green / 10);
  return `${'🟩'.repeat(cells)}${'🟦'.repeat(10 - cells)} ${Math.round(green * 10) / 10}% green`;
}

/** One table per service that deployed with a native strategy and showed its stages. */
export function timelineSections(services: ServiceOutcome[]): string[] {
  return services
    .filter((s) => s.timeline && s.timeline.length > 0)
    .map((s) => {
      const rows = s.timeline!.map((m: RolloutMoment) => [
        m.at.slice(11, 19),
        m.status,
        m.stage ?? '',
        trafficBar(m.productionGreen),
        m.testGreen === undefined ? '' : `${Math.round(m.testGreen)}%`,
        m.alarms.length > 0 ? `🔔 ${m.alarms.join(', ')}` : '',
        m.hook ?? '',
      ]);
      const title = `**${s.service}: ${s.strategy ?? ''} rollout** (🟩 green = new revision, 🟦 blue = previous)`;
      return `${title}\n\n${markdownTable(['time (UTC)', 'status', 'stage', 'production traffic', 'test → green', 'alarms', 'hook'], rows)}`;
    });
}

/** Every alarm ECS saw in ALARM, over all services, once each. */
export function triggeredAlarms(services: ServiceOutcome[]): string[] {
  return [...new Set(services.flatMap((s) => s.triggeredAlarms ?? []))];
}
