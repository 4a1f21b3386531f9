// Ends every Jest run with one plain line, `tests: N passed, N failed, N skipped`, that CI reads,
// and writes each test file's wall time (start to end, in its worker) and CPU time (its worker's and
// its child processes', from test/support/cpu-time-setup.js) to .tmp/jest-suite-times.tsv, slowest
// first, so where a run's time goes can be read without rerunning it.
import fs from 'node:fs';
import path from 'node:path';

export default class TallyReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.suites = [];
    this.cpuDir = path.join(this.rootDir, '.tmp', 'jest-cpu');
  }

  onRunStart() {
    fs.rmSync(this.cpuDir, { recursive: true, force: true });
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
    const cpu = this.cpuSeconds();
    const rows = [...this.suites]
      .sort((a, b) => b.seconds - a.seconds)
      .map((s) =>
        [
          s.seconds.toFixed(2),
          cpu.get(s.file)?.toFixed(2) ?? '-',
          ((s.start - runStart) / 1000).toFixed(1),
          s.tests,
          s.file,
        ].join('\t'),
      );
    const sum = (values) => values.reduce((total, value) => total + value, 0).toFixed(1);
    const sums = `sum of suite times ${sum(this.suites.map((s) => s.seconds))} s, CPU ${sum([...cpu.values()])} s`;
    const text = `# seconds\tcpu-s\tstarted-at-s\ttests\tfile  (${sums})\n${rows.join('\n')}\n`;
    fs.mkdirSync(path.join(this.rootDir, '.tmp'), { recursive: true });
    fs.writeFileSync(path.join(this.rootDir, '.tmp', 'jest-suite-times.tsv'), text);
  }

  /** CPU seconds per test file (relative path), as the files' workers recorded them. */
  cpuSeconds() {
    const seconds = new Map();
    if (!fs.existsSync(this.cpuDir)) return seconds;
    for (const name of fs.readdirSync(this.cpuDir)) {
      for (const line of fs.readFileSync(path.join(this.cpuDir, name), 'utf8').split('\n')) {
        const [file, value] = line.split('\t');
        if (file && value) seconds.set(path.relative(this.rootDir, file), Number(value));
      }
    }
    return seconds;
  }
}
