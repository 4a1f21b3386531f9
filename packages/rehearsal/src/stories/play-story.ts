// One story: a fresh world, the deploy workflow called as a consumer's cd.yml would call it, then a
// check of what happened against what should have.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunContext } from '@shipline/action-harness';
import {
  callInputs,
  resolveCall,
  runWorkflow,
  type JobRecord,
  type Reporter,
  type ResolvedCall,
  type Workflow,
  type WorkflowRun,
} from '../workflow-runner/index.js';
import { checkStory } from './check-story.js';
import type { LocalParts } from './local-parts.js';
import {
  ACCOUNT_ID,
  clusterOf,
  makeWorkspace,
  REGION,
  SERVICE,
  seedEnvironment,
  servingVersions,
} from './seed.js';
import { bakeInRealTime } from './simulated-time.js';
import { ownActionStandIns, thirdPartyStandIns } from './stand-ins.js';
import type { Environment, Story } from './stories.js';

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

/** What a story tells as it plays, besides the jobs and steps the workflow runner reports. */
export interface StoryReporter extends Reporter {
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
  /** The application's repository after install-pipeline; each story plays in a copy. */
  consumer: string;
  reporter: StoryReporter;
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
    reporter.callFound(call);
    answerApprovals(parts, call.inputs, story.environment, reporter);
    const clockScale = Number(parts.emulator.state().clockScale);
    const given = bakeInRealTime(callInputs(options.workflow, call.inputs), clockScale);
    if (given.note) reporter.note(given.note);
    const run: WorkflowRun = {
      workflow: options.workflow,
      repoRoot: options.repoRoot,
      thisRepository: THIS_REPOSITORY,
      workspace,
      reporter,
      stepTimeoutMs: 5 * 60_000,
      call: { github, inputs: given.inputs, secrets: call.secrets, vars },
      standIns: thirdPartyStandIns(parts),
      actionStandIns: ownActionStandIns(parts, image, sha),
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
  reporter: StoryReporter,
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
  if (reviewed) reporter.approved(APPROVER, environment);
}

export const storyDescription = (story: Story) =>
  `${story.title} (push to ${story.branch} → ${story.environment}, ${clusterOf(story.environment)}/${SERVICE})`;

export const workflowPath = (repoRoot: string) =>
  path.join(repoRoot, '.github', 'workflows', 'reusable-deploy.yml');
