// One story: a fresh world (the emulator seeded with the previous version, PagerDuty's service as
// new), its release played through the deploy workflow, then the push after it when it has one.
import path from 'node:path';
import { playRelease, type PlayOptions, type ReleaseResult } from './play-release.js';
import { clusterOf, SERVICE, seedEnvironment } from './seed.js';
import type { Story } from './stories.js';

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
  const releases: ReleaseResult[] = [];
  const problems: string[] = [];
  try {
    await seedEnvironment(parts.emulator, options.consumer, story.environment);
  } catch (error) {
    problems.push(`the world could not be seeded: ${(error as Error).message}`);
  }
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
  `${story.title} (push to ${story.branch} → ${story.environment}, ${clusterOf(story.environment)}/${SERVICE})`;

export const workflowPath = (repoRoot: string) =>
  path.join(repoRoot, '.github', 'workflows', 'reusable-deploy.yml');
