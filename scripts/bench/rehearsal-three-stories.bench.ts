// The rehearsal's three original stories (good-release, crashing-release, slow-release) with the
// real image build, warm (issue #22 item 5: goal ≤ 15 s): played one story at a time, as before,
// and three at a time, interleaved in the same run so that the machine's load weighs on both alike.
import { rehearse, type RehearsalResult } from '@shipline/rehearsal';
import { percentile } from '@shipline/toolkit';
import { repoRoot } from '../lib/actions.js';

const ROUNDS = Number(process.env.SHIPLINE_BENCH_ROUNDS ?? 3);
const STORIES = ['good-release', 'crashing-release', 'slow-release'];

const play = (storiesAtOnce: number) =>
  rehearse({ repoRoot, stories: STORIES, storiesAtOnce, write: () => {} });

// Warm-up: the docker daemon's layer cache, Node's and the OS's file caches.
await play(1);
const runs: Record<'one' | 'three', RehearsalResult[]> = { one: [], three: [] };
for (let i = 0; i < ROUNDS; i++) {
  // Alternate which goes first, so neither always follows the other's leftovers.
  const order = i % 2 === 0 ? (['one', 'three'] as const) : (['three', 'one'] as const);
  for (const mode of order) runs[mode].push(await play(mode === 'one' ? 1 : 3));
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const totals = (mode: 'one' | 'three') => runs[mode].map((r) => r.durationMs);
const row = (label: string, mode: 'one' | 'three') => {
  const all = totals(mode);
  const passed = runs[mode].filter((r) => r.passed).length;
  const perStory = STORIES.map((name) =>
    s(
      percentile(
        runs[mode].map((r) => r.results.find((x) => x.story.name === name)!.durationMs),
        50,
      ),
    ),
  );
  return `| ${label} | ${s(percentile(all, 50))} | ${s(Math.max(...all))} | ${perStory.join(' / ')} | ${passed}/${all.length} |`;
};
const ratio = percentile(totals('three'), 50) / percentile(totals('one'), 50);
const failures = [...runs.one, ...runs.three].flatMap((r) =>
  r.results.filter((x) => !x.passed).map((x) => `${x.story.name}: ${x.problems.join('; ')}`),
);
console.log(
  [
    `${ROUNDS} interleaved rounds after one warm-up, real image build (docker + registry) when here.`,
    '',
    '| three stories | p50 | max | per story p50 (good / crashing / slow) | passed |',
    '| --- | --- | --- | --- | --- |',
    row('one story at a time (before)', 'one'),
    row('three at a time (after)', 'three'),
    '',
    `Three at a time takes ${ratio.toFixed(2)} of the time one at a time takes (p50 ratio).`,
    `Goal ≤ 15 s warm: ${percentile(totals('three'), 50) <= 15_000 ? 'met' : 'not met'} at p50.`,
    ...(failures.length > 0
      ? ['', 'Stories that did not end as they should:', ...failures.map((f) => `- ${f}`)]
      : []),
  ].join('\n'),
);
