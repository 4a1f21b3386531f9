import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import { describeAwsError } from './aws-errors.js';
import { callEcs, type CallContext } from './ecs-client.js';
import { describeStoppedTask, findStoppedTasks } from './stopped-tasks.js';
import type { WatchVerdict } from './deployment-watcher.js';

/** How a deployment this run started ended (or stood when waiting stopped). */
export type RolloutState =
  'COMPLETED' | 'IN_PROGRESS' | 'FAILED' | 'TIMED_OUT' | 'SUPERSEDED' | 'SERVICE_INACTIVE' | 'CANCELLED';

/** Worst first: the overall state of a run is the worst of its services'. */
const SEVERITY: RolloutState[] = [
  'CANCELLED',
  'SERVICE_INACTIVE',
  'FAILED',
  'TIMED_OUT',
  'SUPERSEDED',
  'IN_PROGRESS',
  'COMPLETED',
];

export function worstState(states: RolloutState[]): RolloutState {
  return SEVERITY.find((s) => states.includes(s)) ?? 'COMPLETED';
}

export function rolloutStateOf(verdict: WatchVerdict): RolloutState {
  switch (verdict.state) {
    case 'completed':
      return 'COMPLETED';
    case 'in-progress':
      return 'IN_PROGRESS';
    case 'failed':
    case 'rolled-back':
      return 'FAILED';
    case 'superseded':
      return 'SUPERSEDED';
    case 'service-inactive':
      return 'SERVICE_INACTIVE';
    case 'timed-out':
      return 'TIMED_OUT';
    case 'cancelled':
      return 'CANCELLED';
  }
}

export function reasonOf(verdict: WatchVerdict): string | undefined {
  if ('reason' in verdict) return verdict.reason;
  if (verdict.state === 'timed-out') return 'the deadline passed before the deployment completed';
  if (verdict.state === 'cancelled') return 'the run was cancelled while waiting';
  return undefined;
}

export interface Diagnosis {
  /** The newest service events, newest first. */
  events: string[];
  /** Why the deployment's tasks stopped, failures first. */
  stoppedTasks: string[];
}

/**
 * Gathers why a deployment did not complete: the newest service events and its stopped tasks
 * (startedBy = the deployment id). Best effort: a failing call becomes a line, never an error.
 */
export async function diagnose(
  ecs: ECSClient,
  query: { cluster: string; service: string; deploymentId?: string; last?: Service },
  context: CallContext,
): Promise<Diagnosis> {
  const events = (query.last?.events ?? []).slice(0, 8).map((e) => e.message ?? '');
  if (!query.deploymentId) return { events, stoppedTasks: [] };
  try {
    const tasks = await callEcs(context, (o) =>
      findStoppedTasks(
        ecs,
        { cluster: query.cluster, service: query.service, deploymentId: query.deploymentId, limit: 5 },
        o,
      ),
    );
    return { events, stoppedTasks: tasks.map(describeStoppedTask) };
  } catch (error) {
    if (context.signal?.aborted) return { events, stoppedTasks: [] };
    return { events, stoppedTasks: [`(stopped tasks could not be listed: ${describeAwsError(error)})`] };
  }
}
