// How long `pnpm rehearse` takes, per story and in all, over a few rounds (the goal: the
// whole rehearsal under 2 minutes), and where a story's time goes: the steps that ran.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rehearse, type RehearsalResult } from '../src/index.js';

const ROUNDS = 3;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const rounds: RehearsalResult[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const result = await rehearse({ repoRoot, write: () => {} });
  process.stderr.write(
    `round ${round}: ${(result.durationMs / 1000).toFixed(1)}s, passed ${result.passed}\n`,
  );
  if (!result.passed) throw new Error(`round ${round} did not pass`);
  rounds.push(result);
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const stories = rounds[0]!.results.map((r) => r.story.name);
const built = rounds[0]!.timeline.some((e) => e.step === 'Build and push the image' && e.note === '');

const rows = stories.map((story) => {
  const durations = rounds.map((r) => r.results.find((s) => s.story.name === story)!.durationMs);
  const steps = rounds.map((r) =>
    r.timeline
      .filter((e) => (e.story === story || e.story.startsWith(`${story}/`)) && e.outcome !== 'skipped')
      .reduce((sum, e) => sum + e.durationMs, 0),
  );
  return `| ${story} | ${seconds(median(durations))} | ${seconds(Math.max(...durations))} | ${seconds(median(steps))} |`;
});
const totals = rounds.map((r) => r.durationMs);
console.log(
  [
    `${ROUNDS} rounds of every story (a push after a story included), clock ×100, images ${built ? 'really built and pushed (docker + registry)' : 'stood in (no docker daemon)'}.`,
    '',
    '| story | median s | max s | median s inside steps |',
    '| --- | --- | --- | --- |',
    ...rows,
    `| **whole rehearsal** | ${seconds(median(totals))} | ${seconds(Math.max(...totals))} | goal < 120 |`,
  ].join('\n'),
);
