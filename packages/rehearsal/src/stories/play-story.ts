// One story: a fresh world (the emulator seeded with the previous version, PagerDuty's service as
// new), its release played through the deploy workflow, then the push after it when it has one.
import path from 'node:path';
import { commitOf, playRelease, type PlayOptions, type ReleaseResult } from './play-release.js';
import { clusterOf, SERVICE, seedEnvironment } from './seed.js';
import type { Story } from './story-types.js';

export interface StoryResult {
  story: Story;
  passed: boolean;
  /** What did not go as the story says it should (the second push's prefixed with its label). */
  problems: string[];
  durationMs: number;
  /** The story's release, then the push after it when it has one. */
  releases: ReleaseResult[];
}

const RUN_ID = 4242;

export async function playStory(story: Story, options: PlayOptions): Promise<StoryResult> {
  const started = performance.now();
  const { parts } = options;
  parts.emulator.reset();
  parts.pagerDuty.reset();
  parts.deployments.reset();
  const releases: ReleaseResult[] = [];
  const problems: string[] = [];
  try {
    // main ships to staging first, then promotes to production: both run the previous version.
    for (const environment of new Set(['staging', story.environment] as const))
      await seedEnvironment(parts.emulator, options.consumer, environment);
    await story.seedMore?.(parts, story.environment);
  } catch (error) {
    problems.push(`the world could not be seeded: ${(error as Error).message}`);
  }
  // The history GitHub's compare answers from: a later push is a child of the story's commit; an
  // `older` one (a re-run of an old run) is its parent.
  parts.deployments.commit(commitOf(story.name));
  const next = story.then && commitOf(`${story.name}/${story.then.name}`);
  if (next && story.then?.older) parts.deployments.commit(next).commit(commitOf(story.name), next);
  else if (next) parts.deployments.commit(next, commitOf(story.name));
  if (problems.length === 0) {
    releases.push(await playRelease(story, story, story.name, RUN_ID, options));
    problems.push(...releases[0]!.problems);
  }
  if (story.then && problems.length === 0) {
    const label = `${story.name}/${story.then.name}`;
    options.reporter.nextRelease(story, label, story.then.title);
    const next = await playRelease(story, story.then, label, RUN_ID + 1, options);
    releases.push(next);
    problems.push(...next.problems.map((p) => `${label}: ${p}`));
  }
  return {
    story,
    passed: problems.length === 0,
    problems,
    durationMs: performance.now() - started,
    releases,
  };
}

export const storyDescription = (story: Story) =>
  `${story.title} (${story.via ? `${story.via.workflow} run by hand on` : 'push to'} ${story.branch} → ${story.environment}, ${clusterOf(story.environment)}/${SERVICE})`;

export const workflowPath = (repoRoot: string) =>
  path.join(repoRoot, '.github', 'workflows', 'reusable-deploy.yml');
