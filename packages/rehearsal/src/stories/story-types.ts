// What a story is: one push (or a run by hand) and what must be true once it ended.
import type { ScenarioEntry, ScenarioRule } from '@shipline/ecs-emulator';
import type { JobRecord, Reporter, ResolvedCall, Workflow } from '../workflow-runner/index.js';
import type { LocalParts } from './local-parts.js';

export type StoryName =
  | 'good-release'
  | 'crashing-release'
  | 'slow-release'
  | 'production-down'
  | 'promote-to-production'
  | 'hotfix'
  | 'stale-run'
  | 'manual-rollback'
  | 'cancelled-deploy'
  | 'failed-migration'
  | 'blue-green-bad-release'
  | 'canary-alarm'
  | 'cancelled-migration'
  | 'multi-service-rollback'
  | 'multi-service-manual-rollback'
  | 'qa-denied';
export type Environment = 'staging' | 'production';
type Behaviour = Omit<ScenarioRule, 'image'>;

/** What a release must end with. */
export interface Expectation {
  /** Outcome of each step by id; steps not named are not checked. */
  steps: Record<string, 'success' | 'failure' | 'skipped' | 'cancelled'>;
  /** Which version serves at the end (`story`: the story's own release, not this later one). */
  serving: 'new' | 'previous' | 'story';
  /** The status the final Slack message was sent with. */
  slackStatus: 'success' | 'failure' | 'cancelled';
  /** Text the final Slack message must carry. */
  slackMentions?: RegExp;
  /** Slack messages this release sends (default 2: started and result). */
  slackMessages?: number;
  /**
   * What the PagerDuty stand-in holds afterwards: the environment's alert (none opened, open, or
   * opened then resolved) and how many change events this release sent. Undefined: it received
   * nothing at all (staging never pages).
   */
  onCall?: { alert: 'none' | 'triggered' | 'resolved'; summary?: RegExp; changes: number };
}

/** One push to the story's branch: what its image does on the emulator and how it must end. */
/** What a story checks besides steps, serving and Slack: ground truth from the local parts. */
export type Verify = (facts: ReleaseFacts) => Promise<string[]>;

export interface ReleaseFacts {
  parts: LocalParts;
  /** This release's commit, and the story's first one. */
  sha: string;
  storySha: string;
  /** Every call the release made (or the run by hand), with the environment it deployed to. */
  calls: { environment: string; jobs: JobRecord[] }[];
}

export interface Release {
  /**
   * How it is started: cd.yml by a push (default), hotfix.yml by hand on the story's branch, or
   * rollback.yml by hand with these inputs.
   */
  via?: { workflow: 'hotfix.yml' } | { workflow: 'rollback.yml'; inputs: Record<string, string> };
  /** This commit is an ancestor of the story's (an old run re-run after a newer one deployed). */
  older?: boolean;
  /** Repository variables this release sets besides the rehearsal's (e.g. MIGRATE_COMMAND). */
  variables?: Record<string, string>;
  /** A person cancels the run this long into the named step of the story's deploy (for 'Deploy to ECS', into its rollout: play-call's COUNT_FROM_LINE). */
  cancelDuring?: { step: string; afterMs: number };
  verify?: Verify;
  /** What the new image does on the emulator (undefined: a healthy, fast release). */
  behaviour?: Behaviour;
  /** What the previous version does when ECS starts it again in a rollback (undefined: healthy). */
  previousBehaviour?: Behaviour;
  /** More emulator rules once the image is built (a CloudWatch alarm's, a lifecycle hook's). */
  scenarios?: ScenarioEntry[];
  expect: Expectation;
}

export interface Story extends Release {
  name: StoryName;
  title: string;
  environment: Environment;
  branch: string;
  /** More of the world, after the environments are seeded (a second service next to web). */
  seedMore?: (parts: LocalParts, environment: Environment) => Promise<void>;
  /** A second push to the same branch, played in the world the first left behind. */
  then?: Release & { name: string; title: string };
}

/** What a story tells as it plays, besides the jobs and steps the workflow runner reports. */
export interface StoryReporter extends Reporter {
  /** The story's second push starts (its label names it in the timeline). */
  nextRelease(story: Story, label: string, title: string): void;
  /** The consumer's cd.yml job that calls the workflow; the jobs it needs are stood in for. */
  callFound(call: ResolvedCall): void;
  /** The GitHub stand-in's required reviewer approved the deployment to `environment`. */
  approved(approver: string, environment: Environment): void;
  /** A change the story makes to what the workflow is given, and why. */
  note(text: string): void;
}

export interface PlayOptions {
  workflow: Workflow;
  parts: LocalParts;
  repoRoot: string;
  /** The application's repository after install-pipeline; each release plays in a copy. */
  consumer: string;
  reporter: StoryReporter;
}
