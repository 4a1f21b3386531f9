// The stories of issue #19: production runs the very image staging verified, a hotfix ships its own
// build, an old run does not overwrite a newer deploy, and a manual rollback restores the previous
// version; each checked against the emulator's and the GitHub stand-in's state.
import { PREVIOUS_IMAGE } from './seed.js';
import type { ReleaseFacts, Story } from './story-types.js';
import { expectEqual, recordOf, revisionCount, servingImage, stepOutcome } from './world-facts.js';

const jobsIn = (facts: ReleaseFacts, environment: string) =>
  facts.calls.find((c) => c.environment === environment)?.jobs ?? [];

/** The image staging verified for the commit is the one production and staging both run. */
async function promotedAsVerified(facts: ReleaseFacts): Promise<string[]> {
  const verified = recordOf(facts.parts, 'staging', facts.sha)?.payload.image_ref;
  if (typeof verified !== 'string') return [`staging recorded no verified image for ${facts.sha}`];
  const production = jobsIn(facts, 'production');
  return [
    ...expectEqual('production runs', (await servingImage(facts.parts, 'production')).image, verified),
    ...expectEqual('staging runs', (await servingImage(facts.parts, 'staging')).image, verified),
    ...expectEqual('production build step', stepOutcome(production, 'build', 'build'), 'skipped'),
    ...expectEqual('production promote step', stepOutcome(production, 'build', 'promote'), 'success'),
    ...expectEqual(
      "production's own record",
      recordOf(facts.parts, 'production', facts.sha)?.payload.image_ref,
      verified,
    ),
  ];
}

/** A hotfix builds its own image, which staging never saw, and production runs it. */
async function hotfixBuiltItself(facts: ReleaseFacts): Promise<string[]> {
  const production = jobsIn(facts, 'production');
  const recorded = recordOf(facts.parts, 'production', facts.sha)?.payload.image_ref;
  return [
    ...expectEqual('hotfix build step', stepOutcome(production, 'build', 'build'), 'success'),
    ...expectEqual('hotfix promote step', stepOutcome(production, 'build', 'promote'), 'skipped'),
    ...expectEqual('staging records of the hotfix', recordOf(facts.parts, 'staging', facts.sha), undefined),
    ...expectEqual('staging revisions (seeded only)', await revisionCount(facts.parts, 'staging'), 1),
    ...expectEqual('production runs', (await servingImage(facts.parts, 'production')).image, recorded),
  ];
}

/** The old run registered nothing and left the newer image running. */
async function newerKept(facts: ReleaseFacts): Promise<string[]> {
  const newer = recordOf(facts.parts, 'staging', facts.storySha)?.payload.image_ref;
  return [
    ...expectEqual('staging runs', (await servingImage(facts.parts, 'staging')).image, newer),
    ...expectEqual(
      'staging revisions (seed and the newer deploy)',
      await revisionCount(facts.parts, 'staging'),
      2,
    ),
    ...expectEqual('a record of the old commit', recordOf(facts.parts, 'staging', facts.sha), undefined),
    ...expectEqual(
      'order check skip',
      jobsIn(facts, 'staging')
        .find((j) => j.id === 'deploy')
        ?.steps.find((s) => s.id === 'order')?.outputs.skip,
      'true',
    ),
  ];
}

/** Production is back on the seeded revision and image. */
async function backOnPrevious(facts: ReleaseFacts): Promise<string[]> {
  const serving = await servingImage(facts.parts, 'production');
  return [
    ...expectEqual(
      'production task definition',
      serving.taskDefinition.split('/').pop(),
      'shop-web-production:1',
    ),
    ...expectEqual('production image', serving.image, PREVIOUS_IMAGE),
  ];
}

/** The cancel started the rollback: the service goes back to the seeded revision by itself. */
async function rolledBackAfterCancel(facts: ReleaseFacts): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  let serving = await servingImage(facts.parts, 'staging');
  while (!serving.taskDefinition.endsWith(':1') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    serving = await servingImage(facts.parts, 'staging');
  }
  const deploy = jobsIn(facts, 'staging').find((j) => j.id === 'deploy');
  return [
    ...expectEqual('staging task definition', serving.taskDefinition.split('/').pop(), 'shop-web-staging:1'),
    ...expectEqual('staging image', serving.image, PREVIOUS_IMAGE),
    ...expectEqual('deploy job', deploy?.result, 'cancelled'),
    ...expectEqual(
      'rollout state',
      deploy?.steps.find((s) => s.id === 'deploy')?.outputs['rollout-state'],
      'CANCELLED',
    ),
    ...expectEqual(
      'a record of the cancelled commit',
      recordOf(facts.parts, 'staging', facts.sha),
      undefined,
    ),
  ];
}

/** A good production deploy: nothing pages, the resolve and one change event reach PagerDuty. */
const quietOnCall = { alert: 'none', changes: 1 } as const;

export const PROMOTION_STORIES: Story[] = [
  {
    name: 'promote-to-production',
    title: 'a push to main: staging verifies the image, production deploys that same image@digest',
    environment: 'production',
    branch: 'main',
    expect: {
      steps: { approval: 'success', deploy: 'success', smoke: 'success', record: 'success' },
      serving: 'new',
      slackStatus: 'success',
      onCall: quietOnCall,
    },
    verify: promotedAsVerified,
  },
  {
    name: 'hotfix',
    title: 'a hotfix/* branch run by hand: its own build, behind the production approval, no staging',
    environment: 'production',
    branch: 'hotfix/login-timeout',
    via: { workflow: 'hotfix.yml' },
    expect: {
      steps: { approval: 'success', deploy: 'success', smoke: 'success', record: 'success' },
      serving: 'new',
      slackStatus: 'success',
      onCall: quietOnCall,
    },
    verify: hotfixBuiltItself,
  },
  {
    name: 'stale-run',
    title: 'a newer commit reaches staging; then an older run (a re-run) must not overwrite it',
    environment: 'staging',
    branch: 'develop',
    expect: {
      steps: { deploy: 'success', smoke: 'success', record: 'success' },
      serving: 'new',
      slackStatus: 'success',
    },
    then: {
      name: 'old-run',
      title: 'the re-run of an older commit: the order check finds a newer one deployed, deploys nothing',
      older: true,
      expect: {
        steps: { order: 'success', deploy: 'skipped', smoke: 'skipped', record: 'skipped' },
        serving: 'story',
        slackStatus: 'success',
        slackMentions: /Not deployed: staging already runs/,
        slackMessages: 1,
      },
      verify: newerKept,
    },
  },
  {
    name: 'cancelled-deploy',
    title: 'a slow rollout to staging cancelled by a person: deploy-ecs starts the rollback, Slack says so',
    environment: 'staging',
    branch: 'develop',
    // Tasks take a while to start (120 s, 1.2 s of real time at ×100), so the rollout is still
    // IN_PROGRESS when the cancel comes 0.4 s into it (counted from deploy-ecs's wait, see play-call).
    behaviour: { slowStart: 120 },
    cancelDuring: { step: 'Deploy to ECS', afterMs: 400 },
    expect: {
      steps: { deploy: 'cancelled', smoke: 'skipped', record: 'skipped', 'notify-result': 'success' },
      serving: 'previous',
      slackStatus: 'cancelled',
      slackMentions: /Cancelled during the rollout: the rollback to the previous version was started/,
    },
    verify: rolledBackAfterCancel,
  },
  {
    name: 'manual-rollback',
    title: 'a good release to production, then a person rolls production back with rollback.yml',
    environment: 'production',
    branch: 'main',
    expect: {
      steps: { deploy: 'success', smoke: 'success' },
      serving: 'new',
      slackStatus: 'success',
      onCall: quietOnCall,
    },
    then: {
      name: 'rollback',
      title: 'Rollback run for production (previous): the restored version passes its smoke test',
      via: { workflow: 'rollback.yml', inputs: { environment: 'production', to: 'previous' } },
      expect: {
        steps: { rollback: 'success', smoke: 'success' },
        serving: 'previous',
        slackStatus: 'success',
        slackMentions: /Rolled back to .*shop-web-production:1/,
        slackMessages: 1,
      },
      verify: backOnPrevious,
    },
  },
];
