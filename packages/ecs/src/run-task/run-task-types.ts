// What a one-off task run is asked to do (RunTaskOptions), what it needs (RunTaskDeps) and what it found.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ActionLog, Clock } from '@shipline/toolkit';
import type { TaskDefinitionSource } from '../task-definition/registry.js';

/** Where the task's network comes from: a service's configuration, or given explicitly. */
export type TaskNetwork =
  | { kind: 'service'; service: string }
  | {
      kind: 'explicit';
      subnets?: string[];
      securityGroups?: string[];
      assignPublicIp: boolean;
      launchType: 'FARGATE' | 'EC2' | 'EXTERNAL';
    };

export interface RunTaskOptions {
  cluster: string;
  source: TaskDefinitionSource;
  /** Images to render into a file or family before it is registered (as deploy-ecs does). */
  images?: Map<string, string>;
  /**
   * Environment to render into a file or family before it is registered, as deploy-ecs's
   * container-env does, so the revision run is the one deploy-ecs then deploys.
   */
  definitionEnvironment?: Map<string, Map<string, string>>;
  network: TaskNetwork;
  /** The container command override (a shell string becomes `sh -c`). */
  command?: string[];
  /** Environment overrides per container (RunTask's containerOverrides, no new revision). */
  environment?: Map<string, Map<string, string>>;
  /** The container whose exit code decides; default the first essential one. */
  container?: string;
  timeoutMs: number;
  startedBy: string;
}

export interface RunTaskDeps {
  ecs: ECSClient;
  /** A CloudWatch Logs client for the region a container's awslogs driver writes to. */
  logs: (region: string) => CloudWatchLogsClient;
  log: ActionLog;
  signal?: AbortSignal;
  clock?: Clock;
}

/** How the run ended: only `succeeded` passes the step. */
export type RunTaskOutcome = 'succeeded' | 'failed' | 'not-started' | 'timed-out' | 'cancelled';

export interface RunTaskResult {
  outcome: RunTaskOutcome;
  taskDefinitionArn: string;
  /** What happened to the task definition (used as given, reused, registered). */
  taskDefinitionNote: string;
  container: string;
  taskArn?: string;
  exitCode?: number;
  stopCode?: string;
  stoppedReason?: string;
  /** The watched container's own reason (e.g. CannotPullContainerError). */
  containerReason?: string;
  /** From RunTask to the verdict. */
  durationSeconds: number;
  /** The container's last log lines, escaped for a log or summary (at most LAST_LINES). */
  lastLines: string[];
  /** Why there are no log lines, when there are none to show (no awslogs, no permission). */
  logNote?: string;
  /** On timeout or cancel: what was done to the task (StopTask sent, or why not). */
  stopNote?: string;
  /** One paragraph for the step's error; undefined on success. */
  failure?: string;
}
