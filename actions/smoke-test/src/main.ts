import {
  actionLog,
  actionMain,
  appendSummary,
  CancelledError,
  publishOutputs,
  runnerLog,
} from '@shipline/toolkit';
import { readSmokeOptions } from './inputs.js';
import { smokeOutputs, smokeSummary } from './report.js';
import { runSmokeTest } from './run.js';
import { judge } from './verdict.js';

/** Reads and validates every input, runs the checks, then publishes outputs, summary and verdict. */
export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readSmokeOptions();
    if (options.insecureTls && options.url.protocol === 'https:') {
      runnerLog.warning(
        'insecure-tls is on: any certificate is accepted, so this run cannot tell the real service from another.',
      );
    }
    const run = await runSmokeTest(options, { signal, log: actionLog });
    const verdict = judge(run, options);
    const outputs = smokeOutputs(verdict);
    publishOutputs(outputs);
    await appendSummary(...smokeSummary(verdict, options));
    for (const c of verdict.checks) {
      if (c.redirects.length > 0)
        runnerLog.info(`${c.run.check.name} was redirected: ${c.redirects.join(', ')}`);
      const versions = Object.keys(c.versions);
      if (options.version.expected === undefined && versions.length > 1) {
        runnerLog.warning(
          `${c.run.check.name}: answers came from ${versions.length} versions (${versions.join(', ')})`,
          {
            title: 'Mixed versions (no expect-version given)',
          },
        );
      }
    }
    if (run.cancelled) throw new CancelledError(run.cancelled);
    if (verdict.passed) {
      runnerLog.info(
        `smoke-test passed: ${verdict.checks.length} check(s), ${verdict.requests} samples, p95 ${outputs['p95-ms']} ms`,
      );
      return;
    }
    for (const c of verdict.checks) {
      for (const failure of c.failures)
        runnerLog.error(failure, { title: `smoke-test: ${c.run.check.name}` });
    }
    const failed = verdict.checks.filter((c) => !c.passed);
    runnerLog.fail(
      `smoke-test failed: ${failed.length} of ${verdict.checks.length} check(s) did not pass (${failed.map((c) => c.run.check.name).join(', ')})`,
    );
  });
}
