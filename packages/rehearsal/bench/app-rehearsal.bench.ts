// How long `./dev rehearse --app examples/sample-app` takes: the checks before the stories (image
// build and container probes included), then each generated story, over a few rounds, with the
// app's tasks as real containers when a docker daemon is here (the output says which).
import { rehearsalPolicies } from '../../../scripts/iam-policy/rehearsal-policies.js';
import type { AppRehearsalResult } from '../src/index.js';
import { rehearseAppDir, SAMPLE } from '../test/app-variants.js';

const ROUNDS = 3;

const rounds: { result: AppRehearsalResult; output: string }[] = [];
const failed: string[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const { result, output } = await rehearseAppDir(SAMPLE, {
    iamPolicies: (setup) => rehearsalPolicies(setup),
  });
  process.stderr.write(
    `round ${round}: ${(result.durationMs / 1000).toFixed(1)}s, passed ${result.passed}\n`,
  );
  // A round that does not pass is said, with why, and not timed (a failed story ends early).
  if (!result.passed)
    failed.push(
      `round ${round}: ${
        result.results
          .filter((r) => !r.passed)
          .map((r) => `${r.story.name}: ${r.problems.join('; ')}`)
          .join(' / ') || result.findings.map((f) => f.message).join('; ')
      }`,
    );
  else rounds.push({ result, output });
}
if (rounds.length === 0) throw new Error(`no round passed:\n${failed.join('\n')}`);

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const first = rounds[0]!;
const mode = /tasks: real containers/.test(first.output)
  ? 'tasks run as real containers of the built image'
  : /registry .*: images are really built/.test(first.output)
    ? 'images really built and pushed; tasks simulated'
    : 'no docker daemon: images and tasks simulated';
const storyRows = first.result.results.map((story) => {
  const durations = rounds.map(
    (r) => r.result.results.find((s) => s.story.name === story.story.name)!.durationMs,
  );
  return `| ${story.story.name} | ${seconds(Math.min(...durations))} | ${seconds(median(durations))} | ${seconds(Math.max(...durations))} |`;
});
const checks = rounds.map(
  (r) => r.result.durationMs - r.result.results.reduce((sum, s) => sum + s.durationMs, 0),
);
const totals = rounds.map((r) => r.result.durationMs);
console.log(
  [
    `${ROUNDS} rounds of \`./dev rehearse --app examples/sample-app\` (every story generated for it, clock ×100): ${mode}.`,
    '',
    '| part | min s | median s | max s |',
    '| --- | --- | --- | --- |',
    `| checks and local parts (image build, container probes, registry, seeding image) | ${seconds(Math.min(...checks))} | ${seconds(median(checks))} | ${seconds(Math.max(...checks))} |`,
    ...storyRows,
    `| **whole rehearsal** (${rounds.length} of ${ROUNDS} rounds passed) | ${seconds(Math.min(...totals))} | ${seconds(median(totals))} | ${seconds(Math.max(...totals))} |`,
    ...(failed.length > 0
      ? ['', 'Rounds that did not pass (not timed):', ...failed.map((f) => `- ${f}`)]
      : []),
  ].join('\n'),
);
