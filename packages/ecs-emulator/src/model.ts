// The emulator's internal state. Times are simulated epoch milliseconds (see clock.ts); the wire
// format (serialize.ts) turns them into epoch seconds.
import type { Alarm, TrafficShift } from './model-strategies.js';
import type { OneOffRun } from './model-one-off.js';
import type { Behaviour } from './scenarios.js';

export type Json = Record<string, unknown>;

export interface Tag {
  key: string;
  value: string;
}

export interface Cluster {
  arn: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: number;
  tags: Tag[];
  settings: Json[];
}

export interface TaskDefinition {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  registeredAt: number;
  deregisteredAt?: number;
  /** The registered body as ECS echoes it back (defaults filled in), without tags. */
  body: Json;
  tags: Tag[];
}

export type TaskLastStatus = 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPING' | 'STOPPED';

export type HealthStatus = 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY';

/** Where a task is in its life; `nextAt` is when the next transition is due (undefined: waiting). */
export type TaskPhase =
  | 'provisioning'
  | 'pulling'
  | 'awaiting-image'
  /** Real containers (containers/): waiting for the daemon to start it, then running on it. */
  | 'container-starting'
  | 'container-running'
  | 'starting-health'
  | 'healthy'
  | 'unhealthy'
  | 'deactivating'
  | 'stopping'
  | 'stopped';

export interface Task {
  arn: string;
  id: string;
  clusterName: string;
  serviceName?: string;
  deploymentId?: string;
  taskDefinitionArn: string;
  /** The essential container's image, and what the scenario table says it does. */
  image: string;
  behaviour: Behaviour;
  group: string;
  startedBy?: string;
  lastStatus: TaskLastStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  healthStatus: HealthStatus;
  phase: TaskPhase;
  nextAt?: number;
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  healthyAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  exitCode?: number;
  containerReason?: string;
  /** Reached RUNNING + HEALTHY at least once: a success for the circuit breaker. */
  succeeded: boolean;
  version: number;
  tags: Tag[];
  /** Started by RunTask (no service): how it was asked to run (model-one-off.ts). */
  oneOff?: OneOffRun;
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface Deployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinitionArn: string;
  desiredCount: number;
  failedTasks: number;
  /** Once a task of this deployment ran healthy, failures stop counting (ECS's rule). */
  breakerDisarmed: boolean;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  createdAt: number;
  updatedAt: number;
  launchType?: string;
  networkConfiguration?: Json;
  serviceDeploymentArn: string;
  serviceRevisionArn: string;
  /** Earliest time the scheduler may launch another task for a FAILED deployment. */
  relaunchNotBefore?: number;
  lastFailure?: 'start' | 'health';
}

export interface ServiceEvent {
  id: string;
  createdAt: number;
  message: string;
}

export interface DeploymentConfiguration {
  minimumHealthyPercent: number;
  maximumPercent: number;
  deploymentCircuitBreaker: { enable: boolean; rollback: boolean };
  [key: string]: unknown;
}

export interface Service {
  arn: string;
  name: string;
  clusterName: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  launchType?: string;
  capacityProviderStrategy?: Json[];
  deploymentConfiguration: DeploymentConfiguration;
  deploymentController: { type: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL' };
  /** Live deployments, PRIMARY first (ECS drops a deployment once its tasks are gone). */
  deployments: Deployment[];
  events: ServiceEvent[];
  createdAt: number;
  networkConfiguration?: Json;
  healthCheckGracePeriodSeconds?: number;
  loadBalancers: Json[];
  tags: Tag[];
  /** Task definition of the last deployment that reached COMPLETED (the rollback target). */
  lastCompleted?: { taskDefinitionArn: string; serviceRevisionArn: string; deploymentId: string };
  steady: boolean;
  extra: Json;
}

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED';

export interface ServiceRevision {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  createdAt: number;
  launchType?: string;
  networkConfiguration?: Json;
}

/** History record of one UpdateService/CreateService (the ListServiceDeployments API). */
export interface ServiceDeploymentRecord {
  arn: string;
  serviceName: string;
  clusterName: string;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  createdAt: number;
  startedAt: number;
  updatedAt: number;
  finishedAt?: number;
  stoppedAt?: number;
  targetRevisionArn: string;
  sourceRevisionArns: string[];
  /** ECS deployment ids that belong to this record: the target, then a rollback if any. */
  deploymentId: string;
  rollbackDeploymentId?: string;
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  deploymentConfiguration: DeploymentConfiguration;
  breakerTriggered: boolean;
  /** BLUE_GREEN / LINEAR / CANARY: lifecycle stage, traffic split, hooks (model-strategies.ts). */
  trafficShift?: TrafficShift;
  /** deploymentConfiguration.alarms that went into ALARM while this deployment was watched. */
  triggeredAlarms?: string[];
  /** ROLLING with deployment alarms: ECS keeps watching them this long after steady state. */
  alarmBakeUntil?: number;
}

export interface EmulatorState {
  clusters: Map<string, Cluster>;
  /** Keyed by `${cluster}/${service}`. */
  services: Map<string, Service>;
  /** Keyed by family; revisions in order (index = revision - 1). */
  taskDefinitions: Map<string, TaskDefinition[]>;
  tasks: Map<string, Task>;
  serviceDeployments: Map<string, ServiceDeploymentRecord>;
  serviceRevisions: Map<string, ServiceRevision>;
  /** CloudWatch alarms by name. */
  alarms: Map<string, Alarm>;
}

export function emptyState(): EmulatorState {
  return {
    clusters: new Map(),
    services: new Map(),
    taskDefinitions: new Map(),
    tasks: new Map(),
    serviceDeployments: new Map(),
    serviceRevisions: new Map(),
    alarms: new Map(),
  };
}

export function serviceKey(clusterName: string, serviceName: string): string {
  return `${clusterName}/${serviceName}`;
}
