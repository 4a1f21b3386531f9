// One story: a fresh world, the deploy workflow called as a consumer's cd.yml would call it, then a
// check of what happened against what should have.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunContext } from '@shipline/action-harness';
import type { JobRecord, Reporter, WorkflowRun } from './job-runner.js';
import { runWorkflow } from './job-runner.js';
import type { LocalParts } from './local-parts.js';
import { resolveCall } from './caller.js';
import {
  ACCOUNT_ID,
  clusterOf,
  makeWorkspace,
  PREVIOUS_VERSION,
  REGION,
  SERVICE,
  seedEnvironment,
  servingVersions,
} from './seed.js';
import { dim } from './timeline.js';
import type { Environment, Story } from './stories.js';
import { callInputs, type Workflow } from './workflow-file.js';
import { bakeInRealTime } from './simulated-time.js';

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
  /** The application's repository after install-pipeline; each story plays in a copy. */
  consumer: string;
  reporter: Reporter & { say(line: string): void };
}

/** A 40-hex commit id per story, so each release has its own version. */
const commitOf = (story: Story) =>
  createHash('sha1').update(`shipline-rehearsal/${story.name}`).digest('hex');
const RUN_ID = 4242;

/** What the application's repository has set under Settings → Variables, pointing at the local parts. */
function repositoryVariables(parts: LocalParts, image: string): Record<string, string> {
  const lb = (environment: Environment) => parts.emulator.loadBalancerUrl(clusterOf(environment), SERVICE);
  return {
    AWS_REGION: REGION,
    ECR_REPOSITORY: image,
    ECS_SERVICE: SERVICE,
    ECR_PUSH_ROLE_ARN: `arn:aws:iam::${ACCOUNT_ID}:role/shop-ecr-push`,
    SLACK_CHANNEL: '',
    PRODUCTION_APPROVERS: APPROVER,
    STAGING_AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT_ID}:role/shop-deploy-staging`,
    STAGING_ECS_CLUSTER: clusterOf('staging'),
    STAGING_URL: lb('staging'),
    PRODUCTION_AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT_ID}:role/shop-deploy-production`,
    PRODUCTION_ECS_CLUSTER: clusterOf('production'),
    PRODUCTION_URL: lb('production'),
  };
}

export async function playStory(story: Story, options: PlayOptions): Promise<StoryResult> {
  const started = performance.now();
  const { parts, reporter } = options;
  parts.emulator.reset();
  parts.emulator.setScenarios([]);
  const sha = commitOf(story);
  const workspace = makeWorkspace(options.consumer, sha);
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
    runId: RUN_ID,
    apiUrl: parts.github.url,
  };
  let jobs: JobRecord[] = [];
  const problems: string[] = [];
  try {
    await seedEnvironment(parts.emulator, workspace, story.environment);
    const vars = repositoryVariables(parts, image);
    const repositorySecrets = { SLACK_WEBHOOK_URL: parts.slack.webhookUrl };
    const call = resolveCall(path.join(workspace, '.github/workflows/cd.yml'), 'reusable-deploy.yml', {
      github,
      vars,
      secrets: repositorySecrets,
    });
    if (!call.uses.startsWith(`${THIS_REPOSITORY}/.github/workflows/reusable-deploy.yml@`)) {
      throw new Error(`cd.yml job ${call.job} calls ${call.uses}, not this repository's reusable-deploy.yml`);
    }
    reporter.say(
      `  ${dim('cd.yml:')} job ${call.job} calls reusable-deploy.yml with environment=${call.inputs.environment}, approval=${call.inputs.approval}`,
    );
    for (const need of call.needs)
      reporter.say(
        `  job ${need} ${dim("stood in: the application's own CI (reusable-ci.yml) runs on GitHub")}`,
      );
    answerApprovals(parts, call.inputs, story.environment, reporter);
    const clockScale = Number(parts.emulator.state().clockScale);
    const given = bakeInRealTime(callInputs(options.workflow, call.inputs), clockScale);
    if (given.note) reporter.say(`  ${dim(given.note)}`);
    const run: WorkflowRun = {
      workflow: options.workflow,
      repoRoot: options.repoRoot,
      thisRepository: THIS_REPOSITORY,
      workspace,
      reporter,
      stepTimeoutMs: 5 * 60_000,
      call: { github, inputs: given.inputs, secrets: call.secrets, vars },
      standInEnv: { 'aws-actions/configure-aws-credentials': parts.emulator.env },
      actionStandIns: standIns(parts, image, sha),
      onJobFinished: (record) => {
        const imageRef = record.outputs['image-ref'];
        if (record.id === 'build' && imageRef && story.behaviour) {
          parts.emulator.setScenarios([{ image: imageRef, ...story.behaviour }]);
        }
      },
    };
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

/**
 * The approver, played by the GitHub stand-in: the environment's required reviewer approves this
 * run, which is what approve-gate's environment mode (the templates' production gate) reads.
 */
function answerApprovals(
  parts: LocalParts,
  inputs: Record<string, string>,
  environment: Environment,
  reporter: PlayOptions['reporter'],
): void {
  const reviewed = inputs.approval === 'environment';
  parts.github.runApprovals = reviewed
    ? [
        {
          state: 'approved',
          comment: 'Rehearsal',
          user: { login: APPROVER },
          environments: [{ name: environment }],
        },
      ]
    : [];
  if (reviewed) {
    reporter.say(
      `        ${dim(`github: @${APPROVER} approved the deployment to ${environment} (required reviewers)`)}`,
    );
  }
}

function standIns(parts: LocalParts, image: string, sha: string): WorkflowRun['actionStandIns'] {
  if (parts.registry) return {};
  const digest = `sha256:${createHash('sha256').update(sha).digest('hex')}`;
  return {
    'build-and-push': {
      note: `stood in: ${parts.noBuildReason}; the pre-set image ${image}@${digest} is deployed`,
      outputs: {
        image,
        digest,
        'image-ref': `${image}@${digest}`,
        tags: `${image}:sha-${sha.slice(0, 7)}`,
        skipped: 'false',
      },
    },
  };
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
