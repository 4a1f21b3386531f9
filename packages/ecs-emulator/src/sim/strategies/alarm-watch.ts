// ECS's alarm-based failure detection (deploymentConfiguration.alarms): while a service deployment
// is IN_PROGRESS (for the traffic-shifting strategies, through BAKE_TIME), any named alarm in ALARM
// fails it, and with `rollback` the service goes back as its strategy does it.
import type { Deployment, Json, Service } from '../../model.js';
import { evaluateAlarms, nextAlarmAt } from '../alarms.js';
import { recordFor } from '../deployments.js';
import type { World } from '../world.js';

export function watchAlarms(world: World, service: Service, primary: Deployment, at: number): void {
  const record = recordFor(world, primary);
  if (!record || record.status !== 'IN_PROGRESS') return;
  const config = record.deploymentConfiguration.alarms as Json | undefined;
  const names = (config?.alarmNames as string[] | undefined) ?? [];
  if (!config?.enable || names.length === 0) return;
  evaluateAlarms(world, at);
  const fired = names.filter((name) => world.state.alarms.get(name)?.state === 'ALARM');
  if (fired.length === 0) {
    const next = nextAlarmAt(world, at);
    if (next !== undefined) world.wakeAt(service, next);
    return;
  }
  record.triggeredAlarms = fired;
  const why = `CloudWatch alarm(s) in ALARM: ${fired.join(', ')}`;
  primary.rolloutState = 'FAILED';
  primary.rolloutStateReason = `ECS deployment alarm: ${why}.`;
  primary.updatedAt = at;
  record.updatedAt = at;
  world.addEvent(service, `deployment ${primary.id} deployment failed: alarm detected.`, at);
  const target = service.lastCompleted;
  if (config.rollback === true && target && target.deploymentId !== primary.id) {
    world.deps.rules.rollBack(world, service, primary, record, target, `${why}.`, at);
    return;
  }
  record.status = 'STOPPED';
  record.statusReason = primary.rolloutStateReason;
  record.stoppedAt = at;
  record.finishedAt = at;
}
