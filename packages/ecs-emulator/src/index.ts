// The emulator's public face: start it, its options and handle, faults and the registry config.
export { startEmulator, type EmulatorHandle, type EmulatorOptions } from './emulator.js';
export { validateFaults, type FaultSpec, type FaultType } from './faults.js';
export type { IamCheckOptions, IamPolicy, IamStatement } from './iam-check.js';
export { evaluate as evaluateIamPolicy } from './iam-evaluate.js';
export type { RegistryConfig } from './registry.js';
export {
  parseScenarioText,
  validateScenarios,
  type ScenarioRule,
  type ScenarioEntry,
  type HookRule,
  type AlarmRule,
} from './scenarios.js';
export { defaultTimings, type Timings } from './sim/timings.js';
export type { DeploymentRecordTruth, ServiceTruth } from './ground-truth.js';
export type { ContainersStatus, RunContainersOptions } from './containers/run-containers.js';
export type { TargetHealthCheck } from './containers/target-health.js';
