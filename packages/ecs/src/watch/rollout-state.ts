// How a followed deployment ended, in one word per service (RolloutState), and the worst of several.
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
