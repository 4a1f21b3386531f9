// Why a deployment did not complete: its newest service events and its stopped tasks.
import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import { describeAwsError } from '../client/aws-errors.js';
import { callEcs, type CallContext } from '../client/ecs-client.js';
import { describeStoppedTask, findStoppedTasks } from './stopped-tasks.js';

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
