// Judging one look during a bake (failed stops, a lasting shortfall, a newer deployment) and how a bake ends.
import type { Service } from '@aws-sdk/client-ecs';
import { formatDuration, PollTimeoutError } from '@shipline/toolkit';
import { CallDeadlineError } from '../client/call-deadline.js';
import { judgeDeployment } from './deployment-verdict.js';
import { describeStoppedTask, type StoppedTask } from './stopped-tasks.js';

/**
 * A running count below desired that lasts this long fails the bake. Shorter dips are ECS
 * replacing a task stopped on purpose (StopTask, Fargate retirement or Spot reclaim, scale-in),
 * which takes a Fargate task 30-90 s; a release that cannot keep its tasks up stays short.
 */
export const SHORTFALL_GRACE_MS = 2 * 60_000;

/** How one service's bake ended. */
export type BakeState = 'passed' | 'failed' | 'superseded' | 'service-inactive' | 'cancelled' | 'timed-out';

/** What the bake knows about one service between two looks. */
export interface BakeWatch {
  service: string;
  deploymentId: string;
  /** Stopped tasks of the deployment that stopped before the bake began: not the bake's business. */
  stoppedBefore: Set<string>;
  /** Tasks of the deployment that stopped during the bake, in the order they were seen. */
  stoppedDuring: StoppedTask[];
  desiredAtStart?: number;
  /** Clock time since which the deployment has run fewer tasks than desired. */
  shortSince?: number;
  last?: Service;
}

export type BakeJudgement = {
  state: Exclude<BakeState, 'passed' | 'cancelled' | 'timed-out'>;
  reason: string;
};

/**
 * Why a task stopping counts against the release: its health checks failed (container or load
 * balancer) or its essential container exited or never started. Scale-in, StopTask, Fargate
 * retirement and Spot interruption are someone else's doing and only show as a brief shortfall.
 */
export function isFailureStop(task: StoppedTask): boolean {
  if (task.stopCode === 'EssentialContainerExited' || task.stopCode === 'TaskFailedToStart') return true;
  return /health ?checks?|Essential container in task exited|OutOfMemory/i.test(task.stoppedReason ?? '');
}

/**
 * Judges one look at a service during the bake: undefined while it still bakes. `final` is the
 * look at the end of the window, where any shortfall fails whatever its age would otherwise allow.
 */
export function judgeBake(
  watch: BakeWatch,
  service: Service | undefined,
  now: number,
  final: boolean,
): BakeJudgement | undefined {
  const verdict = judgeDeployment(service, { deploymentId: watch.deploymentId });
  if (verdict.state === 'service-inactive')
    return { state: 'service-inactive', reason: `during bake: ${verdict.reason}` };
  if (verdict.state === 'superseded' || verdict.state === 'rolled-back')
    return { state: 'superseded', reason: `during bake: ${verdict.reason}` };
  if (verdict.state === 'failed') return { state: 'failed', reason: `during bake: ${verdict.reason}` };
  const failure = watch.stoppedDuring.find(isFailureStop);
  if (failure) return { state: 'failed', reason: `during bake: ${describeStoppedTask(failure)}` };
  const ours = verdict.deployment;
  const desired = Math.min(ours.desiredCount ?? 0, watch.desiredAtStart ?? Number.POSITIVE_INFINITY);
  const running = ours.runningCount ?? 0;
  if (running >= desired) {
    watch.shortSince = undefined;
    return undefined;
  }
  watch.shortSince ??= now;
  const short = now - watch.shortSince;
  if (short < SHORTFALL_GRACE_MS && !final) return undefined;
  return {
    state: 'failed',
    reason: `during bake: ${running} of ${desired} desired task(s) running${final ? ' at the end of the window' : ''}, short for ${formatDuration(short)}`,
  };
}

/** `2/2 running, 0 stopped` (+ what stopped): what the bake saw of one service. */
export function bakeSeen(watch: BakeWatch): string {
  const ours = watch.last?.deployments?.find((d) => d.id === watch.deploymentId);
  const counts = ours ? `${ours.runningCount ?? 0}/${ours.desiredCount ?? 0} running` : 'deployment gone';
  const failed = watch.stoppedDuring.filter(isFailureStop).length;
  const stopped = `${watch.stoppedDuring.length} stopped${failed > 0 ? ` (${failed} failed)` : ''}`;
  return `${counts}, ${stopped}`;
}

/**
 * How a bake ends when its looks stop: the window is over (passed), the run was cancelled, or ECS
 * stopped answering (CallDeadlineError). Then it passes if only the look at the end of the window
 * went unanswered (every look before it was, the last within one interval of the end), and is
 * timed-out otherwise: the step cannot vouch for the release, and rollback-on-failure returns it.
 * Other errors are not the bake's to judge.
 */
export function endOfBake(
  error: unknown,
  at: { cancelled: boolean; coveredMs: number; durationMs: number; finalLookUnanswered: boolean },
): { state: BakeState; reason?: string; note?: string } | undefined {
  if (at.cancelled) return { state: 'cancelled', reason: 'the run was cancelled during the bake' };
  if (error instanceof PollTimeoutError) return { state: 'passed' };
  if (!(error instanceof CallDeadlineError)) return undefined;
  const call = error.label ? `${error.label.operation} to ${error.label.endpoint}` : 'a call';
  const covered = formatDuration(at.coveredMs);
  if (at.finalLookUnanswered) {
    return { state: 'passed', note: `the last look got no answer (${call}); watched until ${covered}` };
  }
  return {
    state: 'timed-out',
    reason: `during bake: ECS did not answer ${call}; the deployment was last seen ${covered} into the ${formatDuration(at.durationMs)} window`,
  };
}
