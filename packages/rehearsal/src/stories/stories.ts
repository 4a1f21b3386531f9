// The three stories the rehearsal plays, and what must be true at the end of each.
import type { ScenarioRule } from '@shipline/ecs-emulator';

export type StoryName = 'good-release' | 'crashing-release' | 'slow-release';
export type Environment = 'staging' | 'production';

export interface Story {
  name: StoryName;
  title: string;
  environment: Environment;
  branch: string;
  /** What the new image does on the emulator (undefined: a healthy, fast release). */
  behaviour?: Omit<ScenarioRule, 'image'>;
  expect: {
    /** Outcome of each step by id; steps not named are not checked. */
    steps: Record<string, 'success' | 'failure' | 'skipped'>;
    /** Which version serves at the end. */
    serving: 'new' | 'previous';
    /** The status the final Slack message was sent with. */
    slackStatus: 'success' | 'failure';
    /** Text the final Slack message must carry. */
    slackMentions?: RegExp;
  };
}

export const STORIES: Story[] = [
  {
    name: 'good-release',
    title: 'a good release to staging: deploy, smoke test passes, Slack says so',
    environment: 'staging',
    branch: 'develop',
    expect: {
      steps: { deploy: 'success', smoke: 'success', rollback: 'skipped', 'smoke-restored': 'skipped' },
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
];

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
