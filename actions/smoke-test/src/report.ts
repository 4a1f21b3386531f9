// What a smoke test leaves, as data: outputs, the job summary, the log lines and the verdict.
import { formatDuration, markdownTable, type ActionReport, type ReportLine } from '@shipline/toolkit';
import { why } from './evaluate.js';
import type { SmokeOptions } from './types.js';
import { percent, type CheckVerdict, type Verdict } from './verdict.js';

/** Everything the step publishes: outputs, summary, redirects and mixed versions, then the verdict. */
export function smokeReport(verdict: Verdict, options: SmokeOptions): ActionReport {
  const outputs = smokeOutputs(verdict);
  const summary = smokeSummary(verdict, options);
  const lines = notes(verdict, options);
  if (verdict.cancelled) return { outputs, summary, lines, cancelled: verdict.cancelled };
  if (verdict.passed) {
    const message = `smoke-test passed: ${verdict.checks.length} check(s), ${verdict.requests} samples, p95 ${outputs['p95-ms']} ms`;
    return { outputs, summary, lines: [...lines, { level: 'info', message }] };
  }
  for (const c of verdict.checks) {
    for (const failure of c.failures)
      lines.push({ level: 'error', message: failure, title: `smoke-test: ${c.run.check.name}` });
  }
  const failed = verdict.checks.filter((c) => !c.passed);
  const names = failed.map((c) => c.run.check.name).join(', ');
  const failure = `smoke-test failed: ${failed.length} of ${verdict.checks.length} check(s) did not pass (${names})`;
  return { outputs, summary, lines, failure };
}

/** Redirects followed, and answers from several versions when no version was expected. */
function notes(verdict: Verdict, options: SmokeOptions): ReportLine[] {
  const lines: ReportLine[] = [];
  for (const c of verdict.checks) {
    if (c.redirects.length > 0)
      lines.push({ level: 'info', message: `${c.run.check.name} was redirected: ${c.redirects.join(', ')}` });
    const versions = Object.keys(c.versions);
    if (options.version.expected === undefined && versions.length > 1) {
      lines.push({
        level: 'warning',
        message: `${c.run.check.name}: answers came from ${versions.length} versions (${versions.join(', ')})`,
        title: 'Mixed versions (no expect-version given)',
      });
    }
  }
  return lines;
}

const ms = (value: number): number | null => (Number.isFinite(value) ? Math.round(value) : null);

/**
 * The step's outputs, as strings; `report` is JSON with one entry per check. Without a sample
 * (nothing passed, or cancelled) the figures are empty, not a reassuring 0.
 */
export function smokeOutputs(verdict: Verdict): Record<string, string> {
  const sampled = verdict.requests > 0;
  return {
    passed: String(verdict.passed),
    'p50-ms': String(ms(verdict.latency.p50) ?? ''),
    'p95-ms': String(ms(verdict.latency.p95) ?? ''),
    'p99-ms': String(ms(verdict.latency.p99) ?? ''),
    'error-rate': sampled ? String(Number(verdict.errorRate.toFixed(4))) : '',
    'failure-reason': failureReason(verdict),
    report: JSON.stringify(reportJson(verdict)),
  };
}

/** Every failure of every check, one a line (each names its check), for a page or a message. */
function failureReason(verdict: Verdict): string {
  return verdict.checks.flatMap((c) => c.failures).join('\n');
}

function reportJson(verdict: Verdict) {
  return {
    passed: verdict.passed,
    healthyAfterMs: verdict.healthyAfterMs === undefined ? null : Math.round(verdict.healthyAfterMs),
    requests: verdict.requests,
    stoppedEarly: verdict.stoppedEarly ?? null,
    errorRate: verdict.requests > 0 ? Number(verdict.errorRate.toFixed(4)) : null,
    latencyMs: latencyJson(verdict.latency),
    checks: verdict.checks.map((c) => ({
      name: c.run.check.name,
      method: c.run.check.method,
      path: c.run.check.path,
      passed: c.passed,
      attempts: c.run.attempts,
      status: c.run.last?.status ?? null,
      failure: c.failures.length > 0 ? c.failures.join('; ') : null,
      failures: c.failures,
      samples: c.run.samples.length,
      errors: c.errors,
      latencyMs: latencyJson(c.latency),
      version: c.run.last?.version ?? null,
      versions: c.versions,
      redirects: c.redirects,
    })),
  };
}

function latencyJson(latency: Verdict['latency']) {
  return { p50: ms(latency.p50), p95: ms(latency.p95), p99: ms(latency.p99), max: ms(latency.max) };
}

/** The job summary: the verdict, one table row per check, and every failure. */
export function smokeSummary(verdict: Verdict, options: SmokeOptions): string[] {
  const icon = verdict.passed ? '✅' : '❌';
  const rows = verdict.checks.map((c) => [
    `${c.passed ? '✅' : '❌'} ${c.run.check.name}`,
    c.run.last
      ? c.run.healthy
        ? `passed after ${c.run.attempts}`
        : `${why(c.run.last)} (${c.run.attempts})`
      : '',
    c.run.last?.status ?? '',
    Object.entries(c.versions)
      .map(([v, n]) => `${v} ×${n}`)
      .join(', '),
    cell(c.latency.p50),
    cell(c.latency.p95),
    cell(c.latency.p99),
    c.run.samples.length === 0
      ? ''
      : `${percent(c.errors / c.run.samples.length)} (${c.errors}/${c.run.samples.length})`,
    c.redirects.join('<br>'),
  ]);
  const limits = `limits: p95 ≤ ${options.maxP95Ms} ms, error rate ≤ ${percent(options.maxErrorRate)}${
    options.version.expected ? `, version "${options.version.expected}"` : ''
  }`;
  const outcome = verdict.cancelled
    ? `cancelled (${verdict.cancelled})`
    : verdict.passed
      ? 'passed'
      : 'failed';
  const figures =
    verdict.requests === 0
      ? `No sampling: ${verdict.cancelled ? 'cancelled' : `not every check passed within wait-until-healthy ${formatDuration(options.waitUntilHealthyMs)}`} first (${limits}).`
      : `All checks passed once after ${formatDuration(verdict.healthyAfterMs ?? 0)}; ${sampled(verdict)}; p50 ${cell(verdict.latency.p50)} ms, p95 ${cell(verdict.latency.p95)} ms, p99 ${cell(verdict.latency.p99)} ms, error rate ${percent(verdict.errorRate)} (${limits}).`;
  return [
    `### ${icon} smoke-test ${outcome}: ${options.url.origin}`,
    figures,
    markdownTable(
      [
        'check',
        'health phase (attempts)',
        'status',
        'versions seen',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'errors',
        'redirects',
      ],
      rows,
    ),
    failureList(verdict.checks),
  ];
}

function sampled(verdict: Verdict): string {
  const early = verdict.stoppedEarly;
  if (!early) return `${verdict.requests} sample request(s)`;
  return `${verdict.requests} of ${early.planned} sample request(s), stopped once ${early.check} could not pass (${early.reason})`;
}

function failureList(checks: CheckVerdict[]): string {
  const failures = checks.flatMap((c) => c.failures);
  return failures.length === 0 ? '' : `**Failures**\n\n${failures.map((f) => `- ${f}`).join('\n')}`;
}

function cell(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value)) : '–';
}
