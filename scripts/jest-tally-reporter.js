// Ends every Jest run with one plain line, `tests: N passed, N failed, N skipped`, that CI reads,
// and writes each test file's wall time (start to end, in its worker) to .tmp/jest-suite-times.tsv,
// slowest first, so where a run's time goes can be read without rerunning it.
import fs from 'node:fs';
import path from 'node:path';

export default class TallyReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.suites = [];
  }

  onTestResult(_test, result) {
    const { start, end } = result.perfStats;
    this.suites.push({
      file: path.relative(this.rootDir, result.testFilePath),
      start,
      seconds: (end - start) / 1000,
      tests: result.numPassingTests + result.numFailingTests + result.numPendingTests,
    });
  }

  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, numRuntimeErrorTestSuites } =
      results;
    const failed = numFailedTests + numRuntimeErrorTestSuites;
    this.writeSuiteTimes(results.startTime);
    process.stderr.write(
      `\ntests: ${numPassedTests} passed, ${failed} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
  }

  writeSuiteTimes(runStart) {
    if (this.suites.length === 0) return;
    const rows = [...this.suites]
      .sort((a, b) => b.seconds - a.seconds)
      .map(
        (s) => `${s.seconds.toFixed(2)}\t${((s.start - runStart) / 1000).toFixed(1)}\t${s.tests}\t${s.file}`,
      );
    const sum = this.suites.reduce((total, s) => total + s.seconds, 0);
    const text = `# seconds\tstarted-at-s\ttests\tfile  (sum of suite times ${sum.toFixed(1)} s)\n${rows.join('\n')}\n`;
    fs.mkdirSync(path.join(this.rootDir, '.tmp'), { recursive: true });
    fs.writeFileSync(path.join(this.rootDir, '.tmp', 'jest-suite-times.tsv'), text);
  }
}
