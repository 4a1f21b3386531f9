// Jest's test order, planned by test-order.js from each file's seconds and CPU seconds recorded in
// suite-times.tsv (committed, so a fresh clone orders the same way). Files the table does not
// know yet count as middling ones. CI runs lint, typecheck and check-dist beside the tests and
// says how much CPU they take in SHIPLINE_CPU_BESIDE_TESTS, so the plan leaves them their core.
// Refresh the table from a CI run: cp .tmp/jest-suite-times.tsv test/support/suite-times.tsv
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planOrder, recordedTimes, UNKNOWN } from './test-order.js';

// @jest/test-sequencer is Jest's own dependency, not the workspace's: reach it through jest.
const fromJest = createRequire(createRequire(import.meta.url).resolve('jest'));
const fromCore = createRequire(fromJest.resolve('@jest/core'));
const { default: JestSequencer } = fromCore('@jest/test-sequencer');

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default class TestOrderSequencer extends JestSequencer {
  constructor(options) {
    super(options);
    this.workers = options?.globalConfig?.maxWorkers ?? os.availableParallelism();
  }

  sort(tests) {
    const times = recordedTimes(path.join(repoRoot, 'test/support/suite-times.tsv'));
    const files = tests.map((test) => ({
      path: test.path,
      ...(times.get(path.relative(repoRoot, test.path)) ?? UNKNOWN),
    }));
    const planned = planOrder(files, {
      workers: this.workers,
      cores: os.availableParallelism(),
      besideCpuSeconds: Number(process.env.SHIPLINE_CPU_BESIDE_TESTS ?? 0) || 0,
    });
    const rank = new Map(planned.map((file, index) => [file, index]));
    return [...tests].sort((a, b) => rank.get(a.path) - rank.get(b.path));
  }
}
