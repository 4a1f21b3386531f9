// State of ECS's native deployment strategies (BLUE_GREEN, LINEAR, CANARY): where a service
// deployment is in its lifecycle stages, the traffic split, its lifecycle hooks, and CloudWatch alarms.

export type Strategy = 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';

export type LifecycleStage =
  | 'RECONCILE_SERVICE'
  | 'PRE_SCALE_UP'
  | 'SCALE_UP'
  | 'POST_SCALE_UP'
  | 'TEST_TRAFFIC_SHIFT'
  | 'POST_TEST_TRAFFIC_SHIFT'
  | 'PRODUCTION_TRAFFIC_SHIFT'
  | 'POST_PRODUCTION_TRAFFIC_SHIFT'
  | 'BAKE_TIME'
  | 'CLEAN_UP';

export type HookStatus = 'AWAITING_ACTION' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

/** One run of a lifecycle hook at one stage (DescribeServiceDeployments lifecycleHookDetails). */
export interface HookExecution {
  hookId: string;
  targetType: 'AWS_LAMBDA' | 'PAUSE';
  targetArn?: string;
  /** The hook's configured stage this run is for (may be PRE_PRODUCTION_TRAFFIC_SHIFT). */
  hookStage: string;
  /** Which pass of the stage it belongs to (`<stage>#<step>`: LINEAR runs its hooks at every step). */
  run: string;
  status: HookStatus;
  startedAt: number;
  expiresAt: number;
  timeoutAction: 'CONTINUE' | 'ROLLBACK';
  /** Lambda hooks: when the scenario's answer arrives, and what it is. */
  resolvesAt?: number;
  resolvesTo?: 'SUCCEEDED' | 'FAILED';
}

/** A traffic-shifting deployment: green = this record's target revision, blue = what served before. */
export interface TrafficShift {
  strategy: Exclude<Strategy, 'ROLLING'>;
  stage: LifecycleStage;
  stageStartedAt: number;
  /** PRODUCTION_TRAFFIC_SHIFT: index of the next step in the plan, and when it is due. */
  shiftStep: number;
  shiftDueAt?: number;
  /** When green first got production traffic (alarms judge it from then). */
  greenTrafficSince?: number;
  /** Percent of production / test traffic the green revision gets. */
  productionWeight: number;
  testWeight: number;
  blueDeploymentId?: string;
  hooks: HookExecution[];
  /** The `run` whose hooks were started last (a stage's hooks start once per pass). */
  hooksRun?: string;
  /** A rollback asked for (hook FAILED/ROLLBACK, alarm, breaker, StopServiceDeployment). */
  rollbackReason?: string;
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** A CloudWatch metric alarm as DescribeAlarms shows it. */
export interface Alarm {
  name: string;
  arn: string;
  state: AlarmState;
  stateReason: string;
  stateUpdatedAt: number;
  configurationUpdatedAt: number;
  metricName?: string;
  namespace?: string;
  threshold?: number;
  comparisonOperator?: string;
  evaluationPeriods?: number;
  period?: number;
  statistic?: string;
  description?: string;
  /** SetAlarmState's state holds until the alarm's scenario rule evaluates to something else. */
  manualAt?: number;
  /** The rule's verdict when the state was set by hand. */
  manualBase?: AlarmState;
}
