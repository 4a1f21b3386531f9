// rehearse(): starts the local parts, plays the stories through the real reusable-deploy.yml and
// prints a timeline and a final table. Passed only when every story ended as it should.
import fs from 'node:fs';
import { formatDuration } from '@shipline/toolkit';
import { startLocalParts, type LocalParts } from './local-parts.js';
import {
  playStory,
  storyDescription,
  THIS_REPOSITORY,
  workflowPath,
  type StoryResult,
} from './play-story.js';
import { installConsumer } from './seed.js';
import { findStories } from './stories.js';
import { bold, dim, green, red, table, Timeline } from './timeline.js';
import { loadWorkflow } from './workflow-file.js';

export { STORIES, type Story, type StoryName } from './stories.js';
export type { StoryResult } from './play-story.js';
export type { TimelineEntry } from './timeline.js';

export interface RehearsalOptions {
  repoRoot: string;
  /** The workflow to rehearse; default the repository's .github/workflows/reusable-deploy.yml. */
  workflowFile?: string;
  stories?: string[];
  /** Simulated ECS seconds per real second. */
  clockScale?: number;
  verbose?: boolean;
  noDocker?: boolean;
  write?: (text: string) => void;
  /** Called with the parts still up after the stories (for --keep-running); the caller closes them. */
  keepRunning?: (parts: LocalParts) => Promise<void>;
}

export interface RehearsalResult {
  passed: boolean;
  results: StoryResult[];
  timeline: Timeline['entries'];
  durationMs: number;
}

export async function rehearse(options: RehearsalOptions): Promise<RehearsalResult> {
  const started = performance.now();
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const timeline = new Timeline(write, options.verbose);
  const stories = findStories(options.stories ?? []);
  const workflow = loadWorkflow(options.workflowFile ?? workflowPath(options.repoRoot));
  const clockScale = options.clockScale ?? 100;
  const parts = await startLocalParts({
    clockScale,
    noDocker: options.noDocker,
    onSlackMessage: (message) => {
      for (const [n, line] of slackLines(message.body).slice(0, 6).entries())
        timeline.say(`        ${dim(n === 0 ? 'slack ←' : '       ')} ${line.slice(0, 160)}`);
    },
  });
  timeline.say(
    bold(
      "Shipline rehearsal: the application's cd.yml calling .github/workflows/reusable-deploy.yml, on this machine",
    ),
  );
  timeline.say(
    dim(
      `  ECS emulator ${parts.emulator.url} (clock ×${clockScale}), Slack stand-in ${parts.slack.url}, GitHub API stand-in ${parts.github.url}`,
    ),
  );
  timeline.say(
    dim(
      parts.registry
        ? `  registry ${parts.registry.url}: images are really built and pushed`
        : `  no image build: ${parts.noBuildReason}`,
    ),
  );
  const results: StoryResult[] = [];
  const consumer = installConsumer(options.repoRoot, THIS_REPOSITORY);
  timeline.say(
    dim(
      `  the application's repository: pnpm install-pipeline --owner shipline --repo shipline (${consumer})`,
    ),
  );
  try {
    for (const story of stories) {
      timeline.story = story.name;
      timeline.say(`\n${bold(`▶ ${story.name}`)}: ${storyDescription(story)}`);
      const result = await playStory(story, {
        workflow,
        parts,
        consumer,
        repoRoot: options.repoRoot,
        reporter: timeline,
      });
      results.push(result);
      const verdict = result.passed
        ? green('as expected')
        : red(`NOT as expected: ${result.problems.join('; ')}`);
      timeline.say(
        `  ${bold('→')} serving ${result.serving.join(', ')}; ${verdict} (${formatDuration(result.durationMs)})`,
      );
    }
    timeline.say(`\n${finalTable(results)}`);
    if (options.keepRunning) await options.keepRunning(parts);
  } finally {
    await parts.close();
    fs.rmSync(consumer, { recursive: true, force: true });
  }
  const passed = results.length === stories.length && results.every((r) => r.passed);
  return { passed, results, timeline: timeline.entries, durationMs: performance.now() - started };
}

function finalTable(results: StoryResult[]): string {
  const rows = results.map((r) => {
    const steps = r.jobs.flatMap((j) => j.steps).filter((s) => s.id && s.id in r.story.expect.steps);
    return [
      r.story.name,
      r.story.environment,
      steps.map((s) => `${s.id} ${s.outcome}`).join(', '),
      r.serving.join(', '),
      formatDuration(r.durationMs),
      r.passed ? green('pass') : red('FAIL'),
    ];
  });
  return table(['story', 'environment', 'steps', 'serving at the end', 'took', 'result'], rows);
}

/** The texts a person sees in a Slack message (blocks and attachments): lines, and fields on one line. */
function slackLines(body: unknown): string[] {
  const lines: string[] = [];
  const visit = (node: unknown, key?: string): void => {
    if (typeof node === 'string' && key === 'text') lines.push(...node.split('\n'));
    else if (Array.isArray(node) && key === 'fields') {
      const texts = node.map((field) => String((field as { text?: unknown }).text ?? ''));
      lines.push(texts.map((t) => t.replace(/\s*\n\s*/g, ' ')).join(' · '));
    } else if (Array.isArray(node)) node.forEach((item) => visit(item));
    else if (node && typeof node === 'object') {
      const entries = Object.entries(node);
      const nested = entries.some(([k]) => k === 'blocks' || k === 'attachments');
      // With blocks, the top-level text is only the notification fallback: show the blocks.
      for (const [k, v] of entries) if (!(nested && k === 'text')) visit(v, k);
    }
  };
  visit(body);
  return [...new Set(lines.map((l) => l.trim()).filter((l) => l !== ''))];
}
