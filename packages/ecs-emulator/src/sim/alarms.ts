// CloudWatch alarms as the emulator plays them: alarms named by scenario alarm rules exist from the
// start (OK) and go into ALARM once a task whose scenario error rate or latency is above the
// threshold has taken production traffic for the rule's `after` seconds; SetAlarmState's state
// holds until the rule's verdict changes. Alarms without a rule keep whatever state they are set to.
import { serviceKey } from '../model.js';
import type { Alarm, AlarmState } from '../model-strategies.js';
import type { AlarmRule } from '../scenario-deploy-rules.js';
import { watchesService } from '../scenario-deploy-rules.js';
import { isServing } from './task-state.js';
import { productionTrafficSince } from './traffic.js';
import type { World } from './world.js';

export function newAlarm(world: World, name: string, at: number): Alarm {
  return {
    name,
    arn: `arn:aws:cloudwatch:${world.ctx.region}:${world.ctx.accountId}:alarm:${name}`,
    state: 'INSUFFICIENT_DATA',
    stateReason: 'Unchecked: Initial alarm creation',
    stateUpdatedAt: at,
    configurationUpdatedAt: at,
  };
}

/** The rule's verdict at `at`: ALARM since when, or OK; and when it would fire next. */
export function ruleVerdict(
  world: World,
  rule: AlarmRule,
  at: number,
): { state: AlarmState; since: number; nextAt?: number; reason: string } {
  let firedAt = Infinity;
  let nextAt = Infinity;
  let culprit = '';
  for (const service of world.state.services.values()) {
    if (service.status !== 'ACTIVE' || !watchesService(rule, service.clusterName, service.name)) continue;
    for (const task of world.serviceTasks(service)) {
      if (!isServing(task)) continue;
      const value = rule.metric === 'error-rate' ? task.behaviour.errorRate : task.behaviour.latencyMs;
      if (!(value > rule.threshold)) continue;
      const since = productionTrafficSince(world, service, task);
      if (since === undefined) continue;
      const fires = since + (rule.after ?? 60) * 1000;
      if (fires <= at && fires < firedAt) {
        firedAt = fires;
        culprit = `${serviceKey(service.clusterName, service.name)} task ${task.id} (${rule.metric} ${value} > ${rule.threshold})`;
      } else if (fires > at) nextAt = Math.min(nextAt, fires);
    }
  }
  if (firedAt < Infinity)
    return {
      state: 'ALARM',
      since: firedAt,
      reason: `Threshold Crossed: ${culprit}.`,
      ...(nextAt < Infinity ? { nextAt } : {}),
    };
  return {
    state: 'OK',
    since: at,
    reason: 'Threshold Crossed: no datapoint above the threshold.',
    ...(nextAt < Infinity ? { nextAt } : {}),
  };
}

/** Creates the alarms the scenario names and brings every ruled alarm up to `at`. */
export function evaluateAlarms(world: World, at: number): void {
  const rules = world.scenarios().alarms;
  for (const rule of rules) {
    let alarm = world.state.alarms.get(rule.alarm);
    if (!alarm) {
      alarm = newAlarm(world, rule.alarm, at);
      world.state.alarms.set(rule.alarm, alarm);
    }
    const verdict = ruleVerdict(world, rule, at);
    // A state set by SetAlarmState stands until the rule's own verdict changes.
    if (alarm.manualAt !== undefined) {
      alarm.manualBase ??= verdict.state;
      if (verdict.state === alarm.manualBase) continue;
    }
    if (verdict.state === alarm.state) continue;
    alarm.state = verdict.state;
    alarm.stateReason = verdict.reason;
    alarm.stateUpdatedAt = Math.min(verdict.since, at);
    delete alarm.manualAt;
    delete alarm.manualBase;
  }
}

/** When the next ruled alarm would go into ALARM (for the scheduler's wake-up). */
export function nextAlarmAt(world: World, at: number): number | undefined {
  let next = Infinity;
  for (const rule of world.scenarios().alarms)
    next = Math.min(next, ruleVerdict(world, rule, at).nextAt ?? Infinity);
  return next < Infinity ? next : undefined;
}

/**
 * How long ECS keeps watching a ROLLING deployment's alarms after steady state ("computed from the
 * alarm configuration"): per alarm Period × EvaluationPeriods when set by PutMetricAlarm, else its
 * scenario rule's `after` + 60 s, else 60 s; the longest of the named alarms.
 */
export function alarmBakeMs(world: World, names: string[]): number {
  let longest = 60;
  for (const name of names) {
    const alarm = world.state.alarms.get(name);
    const rule = world.scenarios().alarms.find((r) => r.alarm === name);
    const seconds =
      alarm?.period !== undefined ? alarm.period * (alarm.evaluationPeriods ?? 1) : (rule?.after ?? 0) + 60;
    longest = Math.max(longest, seconds);
  }
  return longest * 1000;
}
