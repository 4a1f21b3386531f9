// The stories the rehearsal plays, and what must be true at the end of each release in them.
import { BLOCKED_STORIES } from './blocked-stories.js';
import { GOOD_MIGRATION, MIGRATION_STORIES } from './migration-stories.js';
import { MULTI_SERVICE_STORIES } from './multi-service-stories.js';
import { PROMOTION_STORIES } from './promotion-stories.js';
import { STRATEGY_STORIES, withoutTestHook } from './strategy-stories.js';
import type { Story } from './story-types.js';

export type {
  Environment,
  Expectation,
  Release,
  ReleaseFacts,
  Story,
  StoryName,
  Verify,
} from './story-types.js';

/** Production deploys page nobody when the previous version serves again, but each is a change. */
const changeOnly = { alert: 'none', changes: 1 } as const;

export const STORIES: Story[] = [
  {
    name: 'good-release',
    title: 'a good release to staging: migrate, deploy, smoke test passes, Slack says so',
    environment: 'staging',
    branch: 'develop',
    ...GOOD_MIGRATION,
    expect: {
      steps: {
        migrate: 'success',
        deploy: 'success',
        smoke: 'success',
        rollback: 'skipped',
        'smoke-restored': 'skipped',
      },
      serving: 'new',
      slackStatus: 'success',
    },
  },
  {
    name: 'crashing-release',
    title: "a release to production whose tasks crash: ECS's breaker trips, the rollout is rolled back",
    environment: 'production',
    branch: 'main',
    behaviour: { behaviour: 'crash-on-start', exitCode: 137 },
    expect: {
      steps: { approval: 'success', deploy: 'failure', smoke: 'skipped', 'smoke-restored': 'success' },
      serving: 'previous',
      slackStatus: 'failure',
      slackMentions: /Essential container in task exited/,
      onCall: changeOnly,
    },
  },
  {
    name: 'slow-release',
    title:
      'a release healthy to ECS but too slow: the smoke test fails, rollback restores the previous version',
    environment: 'staging',
    branch: 'develop',
    behaviour: { latencyMs: 800 },
    expect: {
      steps: { deploy: 'success', smoke: 'failure', rollback: 'success', 'smoke-restored': 'success' },
      serving: 'previous',
      slackStatus: 'failure',
      slackMentions: /Rolled back/,
    },
  },
  {
    name: 'production-down',
    title:
      'a release to production whose migration breaks the previous version too: both smoke tests fail, the on-call is paged',
    environment: 'production',
    branch: 'main',
    // Half the answers are HTTP 500: the wait for a first healthy answer passes, the samples fail.
    behaviour: { errorRate: 0.5 },
    previousBehaviour: { errorRate: 0.5 },
    // Played without the test-listener check: the emulator breaks the previous version only in the
    // tasks a rollback starts, and a release stopped on the test listener starts none (blue stays).
    variables: { PRODUCTION_TEST_URL: '' },
    seedMore: withoutTestHook,
    expect: {
      steps: {
        approval: 'success',
        deploy: 'success',
        smoke: 'failure',
        rollback: 'success',
        'smoke-restored': 'failure',
        page: 'success',
        resolve: 'skipped',
        change: 'success',
      },
      serving: 'previous',
      slackStatus: 'failure',
      onCall: { alert: 'triggered', summary: /the restored version fails its smoke test/, changes: 1 },
    },
    then: {
      name: 'recovery',
      title: 'the fix, a good release to production: its smoke test passes and the page is resolved',
      variables: { PRODUCTION_TEST_URL: '' },
      expect: {
        steps: {
          deploy: 'success',
          smoke: 'success',
          page: 'skipped',
          resolve: 'success',
          change: 'success',
        },
        serving: 'new',
        slackStatus: 'success',
        onCall: { alert: 'resolved', changes: 1 },
      },
    },
  },
];

STORIES.push(...PROMOTION_STORIES);
STORIES.push(...MIGRATION_STORIES);
STORIES.push(...STRATEGY_STORIES);
STORIES.push(...MULTI_SERVICE_STORIES);
STORIES.push(...BLOCKED_STORIES);

export function findStories(names: string[]): Story[] {
  if (names.length === 0) return STORIES;
  return names.map((name) => {
    const story = STORIES.find((s) => s.name === name);
    if (!story) {
      throw new Error(`no story '${name}'; the stories are ${STORIES.map((s) => s.name).join(', ')}`);
    }
    return story;
  });
}
