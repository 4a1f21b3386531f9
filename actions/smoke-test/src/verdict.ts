// The verdict over a run: each check's failures, latency percentiles, error rate and versions.
import { formatDuration, latencySummary, type LatencySummary } from '@shipline/toolkit';
import { why, type Observation } from './evaluate.js';
import type { CheckRun, SmokeOptions, SmokeRun } from './types.js';
import { describeSource } from './version.js';

export interface CheckVerdict {
  run: CheckRun;
  passed: boolean;
  /** Each says what is wrong and by how much, prefixed with the check's name. */
  failures: string[];
  latency: LatencySummary;
  errors: number;
  /** Served versions and how many responses carried each (health and sampling phases). */
  versions: Record<string, number>;
  redirects: string[];
}

export interface Verdict {
  passed: boolean;
  cancelled?: string;
  stoppedEarly?: SmokeRun['stoppedEarly'];
  /** From the start until every check had passed once. */
  healthyAfterMs?: number;
  checks: CheckVerdict[];
  latency: LatencySummary;
  errorRate: number;
  requests: number;
}

/** Judges every check (health, versions, error rate, p95) and the run as a whole. */
export function judge(run: SmokeRun, options: SmokeOptions): Verdict {
  const checks = run.checks.map((r) => judgeCheck(r, options, run));
  const samples = run.checks.flatMap((r) => r.samples);
  const errors = checks.reduce((sum, c) => sum + c.errors, 0);
  return {
    passed: !run.cancelled && checks.every((c) => c.passed),
    cancelled: run.cancelled,
    stoppedEarly: run.stoppedEarly,
    healthyAfterMs: run.healthyAfterMs,
    checks,
    latency: latencies(samples),
    errorRate: samples.length === 0 ? 0 : errors / samples.length,
    requests: samples.length,
  };
}

function judgeCheck(run: CheckRun, options: SmokeOptions, whole: SmokeRun): CheckVerdict {
  const name = run.check.name;
  const failures: string[] = [];
  const seen = [...(run.last ? [run.last] : []), ...run.samples];
  if (!run.healthy) {
    const reached = whole.cancelled
      ? `cancelled (${whole.cancelled})`
      : `not passing within wait-until-healthy ${formatDuration(options.waitUntilHealthyMs)}`;
    const last = run.last ? why(run.last) : 'not tried';
    failures.push(`${name}: ${last} (${reached}, ${run.attempts} attempt(s))`);
  }
  const stale = run.samples.filter((s) => s.versionProblem);
  if (stale.length > 0) {
    const versions = stale.map((s) => s.version ?? '(none)');
    const served = new Set(versions).size === 1 ? versions[0] : tally(versions);
    failures.push(
      `${name}: ${stale.length} of ${run.samples.length} responses served version ${served}, expected ${options.version.expected} (in ${describeSource(options.version.source)})`,
    );
  }
  const failed = run.samples.filter((s) => s.problem);
  const rate = run.samples.length === 0 ? 0 : failed.length / run.samples.length;
  if (rate > options.maxErrorRate) {
    failures.push(
      `${name}: error rate ${percent(rate)} is over max-error-rate ${percent(options.maxErrorRate)} (${failed.length} of ${run.samples.length} requests: ${tally(failed.map(errorKind))})`,
    );
  }
  const latency = latencies(run.samples);
  if (latency.p95 > options.maxP95Ms) {
    failures.push(
      `${name}: p95 ${Math.round(latency.p95)} ms is over max-p95-ms ${options.maxP95Ms} (by ${Math.round(latency.p95 - options.maxP95Ms)} ms)`,
    );
  }
  return {
    run,
    passed: run.healthy && failures.length === 0,
    failures,
    latency,
    errors: failed.length,
    versions: counts(seen.flatMap((s) => (s.version === undefined ? [] : [s.version]))),
    redirects: [...new Set(seen.flatMap((s) => s.redirects))],
  };
}

function latencies(samples: Observation[]): LatencySummary {
  return latencySummary(samples.flatMap((s) => (s.latencyMs === undefined ? [] : [s.latencyMs])));
}

function errorKind(s: Observation): string {
  if (s.status === undefined) return s.timedOut ? 'timeout' : 'no answer';
  return s.problem?.startsWith('status') ? String(s.status) : `${s.status} with unexpected content`;
}

function counts(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** `500 ×2, timeout ×1`, most frequent first. */
function tally(values: string[]): string {
  return Object.entries(counts(values))
    .sort((a, b) => b[1] - a[1])
    .map(([value, n]) => `${value} ×${n}`)
    .join(', ');
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
