// rehearse(): starts the local parts, plays the stories through the real reusable-deploy.yml and
// prints a timeline and a final table. Passed only when every story ended as it should.
import fs from 'node:fs';
import { StoryTimeline } from './presentation/story-timeline.js';
import type { TimelineEntry } from './presentation/timeline.js';
import {
  findStories,
  installConsumer,
  playStory,
  startLocalParts,
  THIS_REPOSITORY,
  workflowPath,
  type LocalParts,
  type StoryResult,
} from './stories/index.js';
import { enforceIam, rehearsalIamSetup, type IamPolicies } from './stories/iam-roles.js';
import { loadWorkflow } from './workflow-runner/index.js';

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
  /**
   * Each job's AWS role held to a policy: the emulator answers calls outside it with
   * AccessDeniedException (`./dev rehearse` passes the policies `./dev iam-policy` prints).
   */
  iamPolicies?: IamPolicies;
  /** Called with the parts still up after the stories (for --keep-running); the caller closes them. */
  keepRunning?: (parts: LocalParts) => Promise<void>;
}

export interface RehearsalResult {
  passed: boolean;
  results: StoryResult[];
  timeline: TimelineEntry[];
  durationMs: number;
}

export async function rehearse(options: RehearsalOptions): Promise<RehearsalResult> {
  const started = performance.now();
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const timeline = new StoryTimeline(write, options.verbose);
  const stories = findStories(options.stories ?? []);
  const workflow = loadWorkflow(options.workflowFile ?? workflowPath(options.repoRoot));
  const clockScale = options.clockScale ?? 100;
  const parts = await startLocalParts({
    clockScale,
    noDocker: options.noDocker,
    onSlackMessage: (message) => timeline.slackMessage(message.body),
    onPagerDutyEvent: (request) => timeline.pagerDutyEvent(request),
  });
  timeline.partsStarted(parts, clockScale);
  const results: StoryResult[] = [];
  const consumer = installConsumer(options.repoRoot, THIS_REPOSITORY);
  timeline.consumerInstalled(consumer);
  if (options.iamPolicies) {
    const policies = options.iamPolicies(rehearsalIamSetup(consumer));
    enforceIam(parts.emulator, policies);
    timeline.iamEnforced(Object.keys(policies));
  }
  try {
    for (const story of stories) {
      timeline.storyStarted(story);
      const result = await playStory(story, {
        workflow,
        parts,
        consumer,
        repoRoot: options.repoRoot,
        reporter: timeline,
      });
      results.push(result);
      timeline.storyFinished(result);
    }
    timeline.finalTable(results);
    if (options.keepRunning) await options.keepRunning(parts);
  } finally {
    await parts.close();
    fs.rmSync(consumer, { recursive: true, force: true });
  }
  const passed = results.length === stories.length && results.every((r) => r.passed);
  return { passed, results, timeline: timeline.entries, durationMs: performance.now() - started };
}
