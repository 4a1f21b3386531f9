// A deploy that never starts: staging's QA gate (STAGING_APPROVAL=issue) and the QA lead denies the
// approval issue, so reusable-deploy's deploy job is skipped and its notify-blocked job alone tells
// Slack why. Checked against the GitHub stand-in (the issue, the deny) and the emulator (nothing
// registered, the seeded revision still serving).
import type { LocalParts } from './local-parts.js';
import { APP, PREVIOUS_IMAGE } from './seed.js';
import type { ReleaseFacts, Story } from './story-types.js';
import { expectEqual, revisionCount, servingImage } from './world-facts.js';

const QA_LEAD = 'qa-lead';

/** The QA lead answers the approval issue with a deny a moment after approve-gate opens it. */
async function qaWillDeny(parts: LocalParts): Promise<void> {
  parts.github.script = [
    { afterMs: 300, run: (github, issue) => void github.comment(issue, QA_LEAD, 'denied') },
  ];
}

/** Nothing reached ECS; the approval issue carries the deny; the deploy jobs never ran. */
async function nothingDeployed(facts: ReleaseFacts): Promise<string[]> {
  const jobs = facts.calls.find((c) => c.environment === 'staging')?.jobs ?? [];
  const issue = [...facts.parts.github.issues.values()].at(-1);
  const deny = issue?.comments.find((c) => c.user.login === QA_LEAD);
  const serving = await servingImage(facts.parts, 'staging');
  return [
    ...expectEqual('staging revisions (seeded only)', await revisionCount(facts.parts, 'staging'), 1),
    ...expectEqual('staging task definition', serving.taskDefinition.split('/').pop(), `${APP}-staging:1`),
    ...expectEqual('staging image', serving.image, PREVIOUS_IMAGE),
    ...expectEqual('approval issue about staging', /staging/.test(issue?.title ?? ''), true),
    ...expectEqual("the QA lead's comment", deny?.body, 'denied'),
    ...expectEqual('approval status', jobs.find((j) => j.id === 'approve')?.outputs.status, 'denied'),
    ...expectEqual('deploy job', jobs.find((j) => j.id === 'deploy')?.result, 'skipped'),
    ...expectEqual('deploy-reviewed job', jobs.find((j) => j.id === 'deploy-reviewed')?.result, 'skipped'),
  ];
}

export const BLOCKED_STORIES: Story[] = [
  {
    name: 'qa-denied',
    title:
      'a push to develop waits for QA (STAGING_APPROVAL=issue); the QA lead denies: nothing deployed, notify-blocked tells Slack',
    environment: 'staging',
    branch: 'develop',
    variables: { STAGING_APPROVAL: 'issue', STAGING_APPROVERS: QA_LEAD },
    seedMore: qaWillDeny,
    expect: {
      steps: { gate: 'failure', 'notify-blocked': 'success' },
      serving: 'previous',
      slackStatus: 'failure',
      slackMentions:
        /Not deployed to staging.*Not deployed: the approval for staging was denied on its issue/,
      // No "started" message: the deploy job never started.
      slackMessages: 1,
    },
    verify: nothingDeployed,
  },
];
