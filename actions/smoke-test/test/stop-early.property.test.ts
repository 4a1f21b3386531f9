// Stopping early (decidedFailure) against ground truth, the end-of-run verdict: on generated runs,
// a check is only ever stopped when the full run would fail it by the rule that stopped it, the
// samples taken fail too, and a run that would pass is never stopped.
import { describe, expect } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { parseChecks } from '../src/checks.js';
import { decidedFailure } from '../src/decided.js';
import type { Observation } from '../src/evaluate.js';
import { parseVersionSource } from '../src/version.js';
import type { CheckRun, SmokeOptions } from '../src/types.js';
import { judge } from '../src/verdict.js';

const [check] = parseChecks('/health');
const sample = fc.record({
  latencyMs: fc.option(fc.integer({ min: 1, max: 2_000 }), { nil: undefined }),
  problem: fc.option(fc.constant('status 500, expected 2xx'), { freq: 6, nil: undefined }),
  versionProblem: fc.option(fc.constant('version "v1" seen, expected "v2"'), { freq: 12, nil: undefined }),
});
const options = fc.record({
  samples: fc.integer({ min: 1, max: 60 }),
  maxP95Ms: fc.integer({ min: 50, max: 1_500 }),
  maxErrorRate: fc.constantFrom(0, 0.01, 0.05, 0.1, 0.5),
});
const runOf = (samples: Observation[]): CheckRun => ({
  check: check!,
  healthy: true,
  attempts: 1,
  samples: samples.map((s) => ({ ...s, redirects: [] })),
});
const smokeOptions = (o: { samples: number; maxP95Ms: number; maxErrorRate: number }) =>
  ({ ...o, version: { source: parseVersionSource('header:x-app-version'), expected: 'v2' } }) as SmokeOptions;
const failures = (samples: Observation[], o: SmokeOptions) =>
  judge({ checks: [runOf(samples)] }, o).checks[0]!;

describe('smoke-test: stopping once a check cannot pass', () => {
  test.prop([options, fc.array(sample, { minLength: 60, maxLength: 60 })], {
    numRuns: 2_000,
    seed: 20261203,
  })(
    'stops only runs that fail in full by the rule that stopped them, and the samples taken fail too',
    (generated, answers) => {
      const o = smokeOptions(generated);
      const all = answers.slice(0, o.samples) as Observation[];
      const full = failures(all, o);
      const stopAt = all.findIndex((_, i) => decidedFailure(runOf(all.slice(0, i + 1)), o) !== undefined);
      if (full.passed) {
        expect(stopAt).toBe(-1);
        return;
      }
      if (stopAt === -1) return;
      const taken = failures(all.slice(0, stopAt + 1), o);
      expect(taken.passed).toBe(false);
      // The rule that decided the stop is among the full run's failures.
      const reason = decidedFailure(runOf(all.slice(0, stopAt + 1)), o)!;
      const rule = /another version/.test(reason)
        ? 'served version'
        : /error rate/.test(reason)
          ? 'error rate'
          : 'p95';
      expect(full.failures.some((f) => f.includes(rule))).toBe(true);
    },
  );

  test.prop([options], { numRuns: 300, seed: 20261203 })(
    'a run in which every answer is bad stops at the first request that makes it certain',
    (generated) => {
      const o = smokeOptions(generated);
      const stale: Observation = { latencyMs: 5, versionProblem: 'version "v1" seen', redirects: [] };
      expect(decidedFailure(runOf([stale]), o)).toMatch(/served another version/);
    },
  );
});
