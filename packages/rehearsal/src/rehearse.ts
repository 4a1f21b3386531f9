// rehearse(): starts the local parts, plays the stories through the real reusable-deploy.yml and
// prints a timeline and a final table. Passed only when every story ended as it should.
import fs from 'node:fs';
import { OrderedOutput } from './presentation/ordered-output.js';
import { StoryTimeline } from './presentation/story-timeline.js';
import type { TimelineEntry } from './presentation/timeline.js';
import {
  findStories,
  installConsumer,
  playStory,
  startBuildHost,
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
  /**
   * How many stories play at the same time, each against its own emulator and stand-ins (one
   * registry serves them all: every release has its own tag). Default 3; 1 with keepRunning.
   */
  storiesAtOnce?: number;
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

/** Stories wait on the emulator's clock and on child processes far more than they compute. */
const STORIES_AT_ONCE = 3;

/** One set of local parts and the story it is playing (Slack and PagerDuty report to that story). */
interface Lane {
  parts: LocalParts;
  timeline: StoryTimeline;
}

export async function rehearse(options: RehearsalOptions): Promise<RehearsalResult> {
  const started = performance.now();
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const header = new StoryTimeline(write, options.verbose);
  const stories = findStories(options.stories ?? []);
  const workflow = loadWorkflow(options.workflowFile ?? workflowPath(options.repoRoot));
  const clockScale = options.clockScale ?? 100;
  const wanted = options.keepRunning ? 1 : (options.storiesAtOnce ?? STORIES_AT_ONCE);
  const laneCount = Math.max(1, Math.min(wanted, stories.length));
  const output = new OrderedOutput(write, stories.length);
  const timelines = stories.map((_, i) => new StoryTimeline(output.writerFor(i), options.verbose));
  // The registry boots while install-pipeline writes the consumer repository.
  const building = startBuildHost(options.noDocker);
  let consumer: string | undefined;
  const lanes: Lane[] = [];
  const results: StoryResult[] = [];
  try {
    consumer = installConsumer(options.repoRoot, THIS_REPOSITORY);
    const build = await building;
    const startLane = async (): Promise<Lane> => {
      const lane = { timeline: header } as Lane;
      lane.parts = await startLocalParts({
        clockScale,
        build,
        onSlackMessage: (message) => lane.timeline.slackMessage(message.body),
        onPagerDutyEvent: (request) => lane.timeline.pagerDutyEvent(request),
      });
      return lane;
    };
    const starts = await Promise.allSettled(Array.from({ length: laneCount }, startLane));
    for (const lane of starts) if (lane.status === 'fulfilled') lanes.push(lane.value);
    const failed = starts.find((lane) => lane.status === 'rejected');
    if (failed) throw failed.reason;
    header.partsStarted(lanes[0]!.parts, clockScale);
    if (laneCount > 1)
      header.note(`${laneCount} stories at a time, each with its own emulator and stand-ins; one registry`);
    header.consumerInstalled(consumer);
    if (options.iamPolicies) {
      const policies = options.iamPolicies(rehearsalIamSetup(consumer));
      for (const lane of lanes) enforceIam(lane.parts.emulator, policies);
      header.iamEnforced(Object.keys(policies));
    }
    const play = { workflow, consumer, repoRoot: options.repoRoot };
    let next = 0;
    const playOn = async (lane: Lane) => {
      for (let index = next++; index < stories.length; index = next++) {
        const story = stories[index]!;
        lane.timeline = timelines[index]!;
        lane.timeline.storyStarted(story);
        results[index] = await playStory(story, { ...play, parts: lane.parts, reporter: lane.timeline });
        lane.timeline.storyFinished(results[index]!);
        output.storyFinished(index);
      }
    };
    const played = await Promise.allSettled(lanes.map(playOn));
    const broken = played.find((lane) => lane.status === 'rejected');
    if (broken) throw broken.reason;
    header.finalTable(results);
    if (options.keepRunning) await options.keepRunning(lanes[0]!.parts);
  } finally {
    await Promise.allSettled(lanes.map((lane) => lane.parts.close()));
    await (await building).close();
    if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
  }
  const passed = results.length === stories.length && results.every((r) => r?.passed);
  const timeline = timelines.flatMap((t) => t.entries);
  return { passed, results, timeline, durationMs: performance.now() - started };
}
