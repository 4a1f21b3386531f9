// The stories the rehearsal generates for an application: a good release of the app as it is, a
// crashing one (its image with the command replaced by one that exits) and a slow one, each pushed
// to a branch its cd.yml deploys from, with what each environment must end with.
import type { ScenarioRule } from '@shipline/ecs-emulator';
import type { DeployTarget } from './deploy-targets.js';

export type AppStoryName = 'good-release' | 'crashing-release' | 'slow-release' | 'hotfix-release';
type Outcome = 'success' | 'failure' | 'skipped';

export interface AppStory {
  name: AppStoryName;
  title: string;
  /** `main`, `develop`: the push cd.yml receives; `hotfix/…`: the branch hotfix.yml is run on by hand. */
  branch: string;
  /** The caller that runs: cd.yml on a push, hotfix.yml by hand. */
  caller: 'cd.yml' | 'hotfix.yml';
  /** The deploy calls the push runs, in order (the rehearsal checks each). */
  targets: DeployTarget[];
  /** How the release is changed, and how its tasks behave when they are simulated. */
  change?:
    { command: 'exits'; simulated: Omit<ScenarioRule, 'image'> } | { simulated: Omit<ScenarioRule, 'image'> };
  /** Each deploy's steps and what serves at the end: the first target's, then the others'. */
  expect: { steps: Record<string, Outcome>; serving: 'new' | 'previous'; slack: 'success' | 'failure' }[];
}

export const APP_STORY_NAMES: AppStoryName[] = [
  'good-release',
  'crashing-release',
  'slow-release',
  'hotfix-release',
];
/** Above smoke-test's default p95 limit (500 ms), as the spec's response-time alert. */
export const SLOW_MS = 800;

const good = {
  steps: { deploy: 'success', smoke: 'success', rollback: 'skipped' },
  serving: 'new',
  slack: 'success',
} as const;
const crashed = {
  steps: { deploy: 'failure', smoke: 'skipped', 'smoke-restored': 'success' },
  serving: 'previous',
  slack: 'failure',
} as const;
const slow = {
  steps: { deploy: 'success', smoke: 'failure', rollback: 'success', 'smoke-restored': 'success' },
  serving: 'previous',
  slack: 'failure',
} as const;

/** The cd.yml calls a push to `branch` runs, in file order. */
const pushTargets = (targets: DeployTarget[], branch: string) =>
  targets.filter((t) => t.caller === 'cd.yml' && t.refs.includes(`refs/heads/${branch}`));

export function appStories(
  targets: DeployTarget[],
  names: string[] = APP_STORY_NAMES.filter(
    (n) => n !== 'hotfix-release' || targets.some((t) => t.caller === 'hotfix.yml'),
  ),
): AppStory[] {
  // A good release goes as far as a push can take it (main: staging, then production); the bad
  // ones go to the first environment of the earliest branch (develop → staging).
  const far = ['main', 'develop'].find((b) => pushTargets(targets, b).length > 0);
  const near = ['develop', 'main'].find((b) => pushTargets(targets, b).length > 0);
  if (!far || !near)
    throw new Error('cd.yml deploys on no push to main or develop: there is nothing to rehearse');
  const first = pushTargets(targets, near).slice(0, 1);
  const all: AppStory[] = [
    {
      name: 'good-release',
      title: `a good release of the app as it is, pushed to ${far}`,
      branch: far,
      caller: 'cd.yml',
      targets: pushTargets(targets, far),
      expect: pushTargets(targets, far).map(() => good),
    },
    {
      name: 'crashing-release',
      title:
        'the same image with its command replaced by one that exits: ECS stops it, the rollout is rolled back',
      branch: near,
      caller: 'cd.yml',
      targets: first,
      change: { command: 'exits', simulated: { behaviour: 'crash-on-start', exitCode: 3 } },
      expect: [crashed],
    },
    {
      name: 'slow-release',
      title: `a release whose answers take ${SLOW_MS} ms: healthy to ECS, the smoke test fails it, rollback restores the previous one`,
      branch: near,
      caller: 'cd.yml',
      targets: first,
      change: { simulated: { latencyMs: SLOW_MS } },
      expect: [slow],
    },
  ];
  const hotfix = targets.filter((t) => t.caller === 'hotfix.yml');
  if (hotfix.length > 0)
    all.push({
      name: 'hotfix-release',
      title: 'hotfix.yml run by hand on a hotfix branch: its own build, behind the production approval',
      branch: 'hotfix/rehearsal',
      caller: 'hotfix.yml',
      targets: hotfix,
      expect: hotfix.map(() => good),
    });
  return names.map((name) => {
    const story = all.find((s) => s.name === name);
    if (!story)
      throw new Error(`no story '${name}' for an application; its stories are ${APP_STORY_NAMES.join(', ')}`);
    return story;
  });
}
