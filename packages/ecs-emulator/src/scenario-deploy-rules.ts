// Scenario rules for ECS's native strategies: what an AWS_LAMBDA lifecycle hook answers (matched
// on its function ARN), and CloudWatch alarms that go into ALARM while a version whose scenario
// latency or error rate exceeds the alarm's threshold takes a service's production traffic.

export interface HookRule {
  /** Glob (or /regex/) over the hook's hookTargetArn (the Lambda function ARN). */
  hook: string;
  result: 'succeed' | 'fail';
  /** Simulated seconds the function takes to answer. Default 5. */
  after?: number;
}

export interface AlarmRule {
  /** The CloudWatch alarm's name (created by the emulator, state OK, if nobody created it). */
  alarm: string;
  /** `service` or `cluster/service` whose production traffic the alarm watches; default: every service. */
  service?: string;
  /** `error-rate` (fraction 0..1 of answers that are 500) or `latency-ms` (the scenario's latencyMs). */
  metric: 'error-rate' | 'latency-ms';
  /** ALARM when a version taking production traffic has a metric above this. */
  threshold: number;
  /** Simulated seconds a bad version must take traffic before the alarm fires. Default 60. */
  after?: number;
}

export class DeployRuleError extends Error {}

const KEYS: Record<string, string> = {
  hook: 'hook',
  result: 'result',
  after: 'after',
  alarm: 'alarm',
  service: 'service',
  metric: 'metric',
  threshold: 'threshold',
};

function normalise(raw: Record<string, unknown>, where: string, allowed: string[]): Record<string, unknown> {
  const rule: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = KEYS[key.toLowerCase().replace(/[-_]/g, '')];
    if (!field || !allowed.includes(field))
      throw new DeployRuleError(`${where} has unknown key '${key}' (known: ${allowed.join(', ')})`);
    rule[field] = value;
  }
  const after = rule.after;
  if (after !== undefined && (typeof after !== 'number' || !(after >= 0)))
    throw new DeployRuleError(
      `${where}.after must be a number of seconds >= 0, got ${JSON.stringify(after)}`,
    );
  return rule;
}

export function validateHookRule(raw: Record<string, unknown>, where: string): HookRule {
  const rule = normalise(raw, where, ['hook', 'result', 'after']);
  if (typeof rule.hook !== 'string' || rule.hook === '')
    throw new DeployRuleError(`${where}.hook must be a Lambda ARN pattern, e.g. "*:function:smoke-*"`);
  if (rule.result !== 'succeed' && rule.result !== 'fail')
    throw new DeployRuleError(
      `${where}.result must be "succeed" or "fail", got ${JSON.stringify(rule.result)}`,
    );
  return rule as unknown as HookRule;
}

export function validateAlarmRule(raw: Record<string, unknown>, where: string): AlarmRule {
  const rule = normalise(raw, where, ['alarm', 'service', 'metric', 'threshold', 'after']);
  if (typeof rule.alarm !== 'string' || rule.alarm === '')
    throw new DeployRuleError(`${where}.alarm must be the alarm's name`);
  if (rule.service !== undefined && typeof rule.service !== 'string')
    throw new DeployRuleError(`${where}.service must be "service" or "cluster/service"`);
  if (rule.metric !== 'error-rate' && rule.metric !== 'latency-ms')
    throw new DeployRuleError(
      `${where}.metric must be "error-rate" or "latency-ms", got ${JSON.stringify(rule.metric)}`,
    );
  if (typeof rule.threshold !== 'number' || !(rule.threshold >= 0))
    throw new DeployRuleError(`${where}.threshold must be a number >= 0`);
  return rule as unknown as AlarmRule;
}

/** Does an alarm rule watch this service? */
export function watchesService(rule: AlarmRule, cluster: string, service: string): boolean {
  if (rule.service === undefined) return true;
  return rule.service.includes('/') ? rule.service === `${cluster}/${service}` : rule.service === service;
}
