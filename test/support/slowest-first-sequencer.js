// Jest's test order: the slowest test files first, by the durations recorded in suite-times.tsv
// (committed, so a fresh clone orders the same way), so that no long file starts last and leaves
// the other workers idle. Jest's own order (its timing cache, else file size) breaks ties and
// places files the table does not know yet.
// Refresh the table from a full run: cp .tmp/jest-suite-times.tsv test/support/suite-times.tsv
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// @jest/test-sequencer is Jest's own dependency, not the workspace's: reach it through jest.
const fromJest = createRequire(createRequire(import.meta.url).resolve('jest'));
const fromCore = createRequire(fromJest.resolve('@jest/core'));
const { default: JestSequencer } = fromCore('@jest/test-sequencer');

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const UNKNOWN_SECONDS = 5;

/** Seconds per test file (relative path), from the committed table. */
function recordedSeconds() {
  const table = path.join(here, 'suite-times.tsv');
  if (!fs.existsSync(table)) return new Map();
  const rows = fs
    .readFileSync(table, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'));
  return new Map(rows.map((cells) => [cells.at(-1), Number(cells[0])]));
}

export default class SlowestFirstSequencer extends JestSequencer {
  sort(tests) {
    const jestOrder = super.sort(tests);
    const seconds = recordedSeconds();
    const rank = new Map(jestOrder.map((test, index) => [test.path, index]));
    // A file the table does not know yet counts as a middling one (most files take under 5 s).
    const expected = (test) => seconds.get(path.relative(repoRoot, test.path)) ?? UNKNOWN_SECONDS;
    return [...jestOrder].sort((a, b) => expected(b) - expected(a) || rank.get(a.path) - rank.get(b.path));
  }
}
