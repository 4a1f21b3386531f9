// After a release: what did not end as the story says it should (step outcomes, the version served,
// the Slack messages), as readable problems; none means the release ended as it should.
import type { JobRecord, StepRecord } from '../workflow-runner/index.js';
import type { LocalParts } from './local-parts.js';
import { PREVIOUS_VERSION } from './seed.js';
import type { Expectation } from './story-types.js';

export function checkRelease(
  expect: Expectation,
  jobs: JobRecord[],
  serving: string[],
  commits: { sha: string; storySha: string },
  slack: LocalParts['slack']['messages'],
): string[] {
  const problems: string[] = [];
  const steps = new Map(
    jobs
      .flatMap((j) => j.steps)
      .filter((s) => s.id)
      .map((s) => [s.id as string, s]),
  );
  for (const [id, expected] of Object.entries(expect.steps)) {
    const got = steps.get(id)?.outcome ?? 'not run';
    if (got !== expected)
      problems.push(`step ${id}: ${got}, expected ${expected}${whyFailed(steps.get(id))}`);
  }
  const want =
    expect.serving === 'new' ? commits.sha : expect.serving === 'story' ? commits.storySha : PREVIOUS_VERSION;
  if (serving.length !== 1 || serving[0] !== want) {
    problems.push(`serving ${serving.join(', ')}, expected only ${expect.serving} version ${want}`);
  }
  // The deploy job's result message, or notify-blocked's when the deploy never started.
  const result = steps.get('notify-result') ?? steps.get('notify-blocked');
  const status = result?.inputs?.status;
  if (status !== expect.slackStatus)
    problems.push(`Slack result sent as '${status}', expected '${expect.slackStatus}'`);
  if (result?.outputs.ok !== 'true')
    problems.push(`Slack result not delivered: ${result?.outputs.error ?? 'step did not run'}`);
  const messages = expect.slackMessages ?? 2;
  if (slack.length < messages)
    problems.push(
      `Slack received ${slack.length} message(s), expected ${messages === 2 ? 'started and result' : messages}`,
    );
  const last = JSON.stringify(slack.at(-1)?.body ?? {});
  if (expect.slackMentions && !expect.slackMentions.test(last)) {
    problems.push(`the Slack result does not mention ${expect.slackMentions}`);
  }
  return problems;
}

/** ` (its errors)` for a step that failed, so an unexpected failure says why; '' otherwise. */
export function whyFailed(step: StepRecord | undefined): string {
  if (step?.outcome !== 'failure' || step.errors.length === 0) return '';
  const errors = step.errors.join('; ');
  return ` (${errors.length > 300 ? `${errors.slice(0, 300)}…` : errors})`;
}
