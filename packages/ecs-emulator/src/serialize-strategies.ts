// Wire shapes of the native-strategy parts of a ServiceDeployment (API reference field names):
// lifecycleStage, lifecycleHookDetails, alarms, and the requested traffic weights of its revisions.
import type { Json, ServiceDeploymentRecord } from './model.js';

const epoch = (ms: number) => ms / 1000;

export function strategyFields(record: ServiceDeploymentRecord): Json {
  const ts = record.trafficShift;
  const alarms = record.deploymentConfiguration.alarms as Json | undefined;
  const names = (alarms?.alarmNames as string[] | undefined) ?? [];
  const finished = record.finishedAt !== undefined || record.stoppedAt !== undefined;
  const fields: Json = {};
  if (ts) {
    fields.lifecycleStage = ts.stage;
    fields.lifecycleHookDetails = ts.hooks.map((hook) => ({
      hookId: hook.hookId,
      targetType: hook.targetType,
      ...(hook.targetArn ? { targetArn: hook.targetArn } : {}),
      status: hook.status,
      expiresAt: epoch(hook.expiresAt),
      timeoutAction: hook.timeoutAction,
    }));
  }
  if (!alarms) return fields;
  fields.alarms = {
    status: !alarms.enable
      ? 'DISABLED'
      : record.triggeredAlarms?.length
        ? 'TRIGGERED'
        : finished
          ? 'MONITORING_COMPLETE'
          : 'MONITORING',
    alarmNames: names,
    triggeredAlarmNames: record.triggeredAlarms ?? [],
  };
  return fields;
}

/** requestedProductionTrafficWeight / requestedTestTrafficWeight of the target (green) or a source. */
export function revisionWeights(record: ServiceDeploymentRecord, target: boolean): Json {
  const ts = record.trafficShift;
  if (!ts) return {};
  const production = target ? ts.productionWeight : 100 - ts.productionWeight;
  const test = target ? ts.testWeight : 100 - ts.testWeight;
  return { requestedProductionTrafficWeight: production, requestedTestTrafficWeight: test };
}
