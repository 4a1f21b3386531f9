// The types a smoke test passes around: its options, and what each check's run reached.
import type { Check } from './checks.js';
import type { Observation, VersionRule } from './evaluate.js';

export interface SmokeOptions {
  url: URL;
  checks: Check[];
  version: VersionRule;
  /** Applied to every check (a check's own headers win, names compared without case). */
  headers: Record<string, string>;
  requestTimeoutMs: number;
  waitUntilHealthyMs: number;
  samples: number;
  concurrency: number;
  maxP95Ms: number;
  maxErrorRate: number;
  insecureTls: boolean;
}

export interface CheckRun {
  check: Check;
  /** Passed once within wait-until-healthy. */
  healthy: boolean;
  attempts: number;
  /** The last health-phase observation (the passing one when healthy). */
  last?: Observation;
  samples: Observation[];
}

export interface SmokeRun {
  checks: CheckRun[];
  healthyAfterMs?: number;
  /** Set when sampling stopped before `samples` per check because a check's failure was certain. */
  stoppedEarly?: { requests: number; planned: number; check: string; reason: string };
  /** Set when SIGINT/SIGTERM stopped the run; what was reached so far is kept. */
  cancelled?: string;
}
