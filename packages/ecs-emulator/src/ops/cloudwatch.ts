// The CloudWatch alarm calls a deployment pipeline makes: DescribeAlarms, SetAlarmState, and
// PutMetricAlarm/DeleteAlarms to set alarms up. @aws-sdk/client-cloudwatch speaks AWS JSON 1.0
// (X-Amz-Target GraniteServiceVersion20100801.<Operation>, PascalCase members, awsQueryCompatible
// errors); ruled alarms are evaluated first (sim/alarms.ts).
import { ApiError } from '../errors.js';
import type { Json } from '../model.js';
import type { Alarm } from '../model-strategies.js';
import { evaluateAlarms, newAlarm } from '../sim/alarms.js';
import type { World } from '../sim/world.js';
import type { Operation } from './context.js';

export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801';
const STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

const invalid = (message: string) => new ApiError('InvalidParameterValueException', message);

function alarmShape(alarm: Alarm): Json {
  const shape: Json = {
    AlarmName: alarm.name,
    AlarmArn: alarm.arn,
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: [],
    InsufficientDataActions: [],
    StateValue: alarm.state,
    StateReason: alarm.stateReason,
    StateUpdatedTimestamp: alarm.stateUpdatedAt / 1000,
    StateTransitionedTimestamp: alarm.stateUpdatedAt / 1000,
    AlarmConfigurationUpdatedTimestamp: alarm.configurationUpdatedAt / 1000,
    Dimensions: [],
  };
  const optional: [string, unknown][] = [
    ['AlarmDescription', alarm.description],
    ['MetricName', alarm.metricName],
    ['Namespace', alarm.namespace],
    ['Statistic', alarm.statistic],
    ['Period', alarm.period],
    ['EvaluationPeriods', alarm.evaluationPeriods],
    ['Threshold', alarm.threshold],
    ['ComparisonOperator', alarm.comparisonOperator],
  ];
  for (const [key, value] of optional) if (value !== undefined) shape[key] = value;
  return shape;
}

function touchWatchers(world: World): void {
  for (const service of world.state.services.values()) if (service.status === 'ACTIVE') world.touch(service);
}

export const describeAlarms: Operation = ({ world }, body) => {
  evaluateAlarms(world, world.now());
  const names = Array.isArray(body.AlarmNames) ? (body.AlarmNames as string[]) : undefined;
  const prefix = typeof body.AlarmNamePrefix === 'string' ? body.AlarmNamePrefix : undefined;
  const state = typeof body.StateValue === 'string' ? body.StateValue : undefined;
  const alarms = [...world.state.alarms.values()]
    .filter((a) => !names || names.includes(a.name))
    .filter((a) => prefix === undefined || a.name.startsWith(prefix))
    .filter((a) => state === undefined || a.state === state)
    .sort((a, b) => a.name.localeCompare(b.name));
  return { MetricAlarms: alarms.map(alarmShape), CompositeAlarms: [] };
};

export const setAlarmState: Operation = ({ world }, body) => {
  const name = body.AlarmName;
  const state = body.StateValue;
  if (typeof name !== 'string' || name === '') throw invalid('AlarmName is required.');
  if (typeof state !== 'string' || !STATES.includes(state))
    throw invalid(`StateValue must be one of ${STATES.join(', ')}.`);
  if (typeof body.StateReason !== 'string') throw invalid('StateReason is required.');
  evaluateAlarms(world, world.now());
  const alarm = world.state.alarms.get(name);
  if (!alarm) throw new ApiError('ResourceNotFound', `Alarm ${name} not found`);
  const now = world.now();
  alarm.state = state as Alarm['state'];
  alarm.stateReason = body.StateReason;
  alarm.stateUpdatedAt = now;
  alarm.manualAt = now;
  delete alarm.manualBase;
  touchWatchers(world);
  return {};
};

export const putMetricAlarm: Operation = ({ world }, body) => {
  const name = body.AlarmName;
  if (typeof name !== 'string' || name === '') throw invalid('AlarmName is required.');
  const now = world.now();
  const alarm = world.state.alarms.get(name) ?? newAlarm(world, name, now);
  alarm.configurationUpdatedAt = now;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const int = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const fields = {
    description: str(body.AlarmDescription),
    metricName: str(body.MetricName),
    namespace: str(body.Namespace),
    statistic: str(body.Statistic),
    period: int(body.Period),
    evaluationPeriods: int(body.EvaluationPeriods),
    threshold: int(body.Threshold),
    comparisonOperator: str(body.ComparisonOperator),
  };
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) (alarm as unknown as Json)[key] = value;
  world.state.alarms.set(name, alarm);
  return {};
};

export const deleteAlarms: Operation = ({ world }, body) => {
  for (const name of Array.isArray(body.AlarmNames) ? body.AlarmNames : [])
    world.state.alarms.delete(String(name));
  return {};
};

export const cloudwatchOperations: Record<string, Operation> = {
  DescribeAlarms: describeAlarms,
  SetAlarmState: setAlarmState,
  PutMetricAlarm: putMetricAlarm,
  DeleteAlarms: deleteAlarms,
};
