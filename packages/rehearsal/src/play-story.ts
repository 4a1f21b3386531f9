// One story: a fresh world, the deploy workflow called as a consumer's cd.yml would call it, then a
// check of what happened against what should have.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunContext } from '@shipline/action-harness';
import type { JobRecord, Reporter, WorkflowRun } from './job-runner.js';
import { runWorkflow } from './job-runner.js';
import type { LocalParts } from './local-parts.js';
import {
  clusterOf,
  makeWorkspace,
  PREVIOUS_VERSION,
  SERVICE,
  seedEnvironment,
  servingVersions,
  taskDefinitionPath,
} from './seed.js';
import type { Story } from './stories.js';
import { callInputs, type Workflow } from './workflow-file.js';

export const THIS_REPOSITORY = 'shipline/shipline';
export const APPROVER = 'release-manager';

export interface StoryResult {
  story: Story;
  passed: boolean;
  /** What did not go as the story says it should. */
  problems: string[];
  durationMs: number;
  jobs: JobRecord[];
  serving: string[];
}

export interface PlayOptions {
  workflow: Workflow;
  parts: LocalParts;
  repoRoot: string;
  reporter: Reporter & { say(line: string): void };
}

/** A 40-hex commit id per story, so each release has its own version. */
const commitOf = (story: Story) =>
  createHash('sha1').update(`shipline-rehearsal/${story.name}`).digest('hex');

export async function playStory(story: Story, options: PlayOptions): Promise<StoryResult> {
  const started = performance.now();
  const { parts } = options;
  parts.emulator.reset();
  parts.emulator.setScenarios([]);
  await seedEnvironment(parts.emulator, story.environment);
  const sha = commitOf(story);
  const workspace = makeWorkspace(sha);
  const slackBefore = parts.slack.messages.length;
  const image = parts.registry ? `${parts.registry.host}/shop/web` : 'rehearsal.local/shop/web';
  const github: RunContext = {
    repository: 'acme/shop',
    ref: `refs/heads/${story.branch}`,
    sha,
    actor: 'dev-on-call',
    eventName: 'push',
    event: { ref: `refs/heads/${story.branch}`, after: sha, repository: { full_name: 'acme/shop' } },
    workflow: 'CD',
    runId: 4242,
  };
  const run: WorkflowRun = {
    workflow: options.workflow,
    repoRoot: options.repoRoot,
    thisRepository: THIS_REPOSITORY,
    workspace,
    reporter: options.reporter,
    stepTimeoutMs: 5 * 60_000,
    call: {
      github,
      inputs: callInputs(options.workflow, {
        environment: story.environment,
        image,
        'aws-region': 'us-east-1',
        'aws-role-arn': `arn:aws:iam::123456789012:role/shop-deploy-${story.environment}`,
        cluster: clusterOf(story.environment),
        services: SERVICE,
        'task-definition': taskDefinitionPath(story.environment),
        'smoke-url': parts.emulator.loadBalancerUrl(clusterOf(story.environment), SERVICE),
        approval: story.environment === 'production' ? 'issue' : 'none',
        approvers: APPROVER,
        'deploy-timeout': '5m',
      }),
      secrets: { SLACK_WEBHOOK_URL: parts.slack.webhookUrl },
      vars: {},
    },
    standInEnv: { 'aws-actions/configure-aws-credentials': parts.emulator.env },
    actionStandIns: standIns(parts, image, sha),
    onJobFinished: (record) => {
      const imageRef = record.outputs['image-ref'];
      if (record.id === 'build' && imageRef && story.behaviour) {
        parts.emulator.setScenarios([{ image: imageRef, ...story.behaviour }]);
      }
    },
  };
  let jobs: JobRecord[] = [];
  const problems: string[] = [];
  try {
    jobs = await runWorkflow(run);
  } catch (error) {
    problems.push(`the workflow could not be rehearsed: ${(error as Error).message}`);
  }
  const serving = await servingVersions(parts.emulator, story.environment).catch((e: Error) => [
    `(${e.message})`,
  ]);
  problems.push(...checkStory(story, jobs, serving, sha, parts.slack.messages.slice(slackBefore)));
  fs.rmSync(workspace, { recursive: true, force: true });
  return {
    story,
    passed: problems.length === 0,
    problems,
    durationMs: performance.now() - started,
    jobs,
    serving,
  };
}

function standIns(parts: LocalParts, image: string, sha: string): WorkflowRun['actionStandIns'] {
  const result: NonNullable<WorkflowRun['actionStandIns']> = {
    'approve-gate': {
      note: `answered automatically: approved by ${APPROVER} (the rehearsal has no GitHub to open an issue on)`,
      outputs: { status: 'approved', approvers: JSON.stringify([{ login: APPROVER }]) },
    },
  };
  if (!parts.registry) {
    const digest = `sha256:${createHash('sha256').update(sha).digest('hex')}`;
    result['build-and-push'] = {
      note: `stood in: ${parts.noBuildReason}; the pre-set image ${image}@${digest} is deployed`,
      outputs: {
        image,
        digest,
        'image-ref': `${image}@${digest}`,
        tags: `${image}:sha-${sha.slice(0, 7)}`,
        skipped: 'false',
      },
    };
  }
  return result;
}

function checkStory(
  story: Story,
  jobs: JobRecord[],
  serving: string[],
  sha: string,
  slack: LocalParts['slack']['messages'],
): string[] {
  const problems: string[] = [];
  const steps = new Map(
    jobs
      .flatMap((j) => j.steps)
      .filter((s) => s.id)
      .map((s) => [s.id as string, s]),
  );
  for (const [id, expected] of Object.entries(story.expect.steps)) {
    const got = steps.get(id)?.outcome ?? 'not run';
    if (got !== expected) problems.push(`step ${id}: ${got}, expected ${expected}`);
  }
  const want = story.expect.serving === 'new' ? sha : PREVIOUS_VERSION;
  if (serving.length !== 1 || serving[0] !== want) {
    problems.push(`serving ${serving.join(', ')}, expected only ${story.expect.serving} version ${want}`);
  }
  const result = steps.get('notify-result');
  const status = result?.inputs?.status;
  if (status !== story.expect.slackStatus)
    problems.push(`Slack result sent as '${status}', expected '${story.expect.slackStatus}'`);
  if (result?.outputs.ok !== 'true')
    problems.push(`Slack result not delivered: ${result?.outputs.error ?? 'step did not run'}`);
  if (slack.length < 2)
    problems.push(`Slack received ${slack.length} message(s), expected started and result`);
  const last = JSON.stringify(slack.at(-1)?.body ?? {});
  if (story.expect.slackMentions && !story.expect.slackMentions.test(last)) {
    problems.push(`the Slack result does not mention ${story.expect.slackMentions}`);
  }
  return problems;
}

export const storyDescription = (story: Story) =>
  `${story.title} (push to ${story.branch} → ${story.environment}, ${clusterOf(story.environment)}/${SERVICE})`;

export const workflowPath = (repoRoot: string) =>
  path.join(repoRoot, '.github', 'workflows', 'reusable-deploy.yml');
