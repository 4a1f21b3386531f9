// One push to a story's branch: a workspace at its commit, the call the consumer's cd.yml makes,
// the approver's answer, the workflow run, then what serves and what Slack and PagerDuty received.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunContext } from '@shipline/action-harness';
import type { JobRecord } from '../workflow-runner/index.js';
import { checkOnCall, type OnCallRecord } from './check-on-call.js';
import { checkRelease } from './check-release.js';
import { slowerBy } from './machine-latency.js';
import { playCalls, playDispatch, type CallRecord } from './play-call.js';
import { CONSUMER_REPOSITORY } from './repository-settings.js';
import { makeWorkspace, PREVIOUS_IMAGE, servingVersions } from './seed.js';
import type { PlayOptions, Release, Story } from './story-types.js';

export type { PlayOptions, StoryReporter } from './story-types.js';

export interface ReleaseResult {
  /** The story's name, or `<story>/<name>` for the push after it. */
  label: string;
  release: Release;
  sha: string;
  /** The jobs of the call that deployed to the story's environment. */
  jobs: JobRecord[];
  /** Every call the push made (main: staging, then production). */
  calls: CallRecord[];
  serving: string[];
  onCall: OnCallRecord;
  /** What did not end as the story says it should. */
  problems: string[];
  durationMs: number;
}

/** Each release has its own 40-hex commit id, so its own version. */
export const commitOf = (label: string) =>
  createHash('sha1').update(`shipline-rehearsal/${label}`).digest('hex');

export async function playRelease(
  story: Story,
  release: Release,
  label: string,
  runId: number,
  options: PlayOptions,
): Promise<ReleaseResult> {
  const started = performance.now();
  const { parts } = options;
  parts.emulator.setScenarios([]);
  const sha = commitOf(label);
  const workspace = makeWorkspace(options.consumer, sha);
  const slackBefore = parts.slack.messages.length;
  const pagerDutyBefore = parts.pagerDuty.requests.length;
  const image = parts.registry ? `${parts.registry.host}/shop/web` : 'rehearsal.local/shop/web';
  const byHand = release.via !== undefined;
  const github: RunContext = {
    repository: CONSUMER_REPOSITORY,
    ref: `refs/heads/${story.branch}`,
    sha,
    actor: 'dev-on-call',
    eventName: byHand ? 'workflow_dispatch' : 'push',
    event: byHand
      ? { ref: `refs/heads/${story.branch}`, repository: { full_name: CONSUMER_REPOSITORY } }
      : { ref: `refs/heads/${story.branch}`, after: sha, repository: { full_name: CONSUMER_REPOSITORY } },
    workflow: release.via?.workflow ?? 'cd.yml',
    runId,
    runNumber: runId - 4200,
    apiUrl: parts.deployments.url,
  };
  const workflowFile = path.join(workspace, '.github/workflows', release.via?.workflow ?? 'cd.yml');
  let calls: CallRecord[] = [];
  const problems: string[] = [];
  try {
    const via = release.via;
    calls =
      via?.workflow === 'rollback.yml'
        ? [await playDispatch(options, { file: workflowFile, github, workspace, inputs: via.inputs })]
        : await playCalls(options, {
            callerFile: workflowFile,
            github,
            ...(release.cancelDuring
              ? { cancelDuring: { environment: story.environment, ...release.cancelDuring } }
              : {}),
            workspace,
            image,
            ...(release.variables ? { variables: release.variables } : {}),
            onJobFinished: (environment, record, latencyAllowanceMs) => {
              // The release behaves as the story says where the story deploys it (staging passed it).
              const imageRef = record.outputs['image-ref'];
              if (record.id === 'build' && imageRef && environment === story.environment)
                parts.emulator.setScenarios(scenarios(release, imageRef, latencyAllowanceMs));
            },
          });
    if (release.verify)
      problems.push(...(await release.verify({ parts, sha, storySha: commitOf(story.name), calls })));
    if (!calls.some((c) => c.environment === story.environment))
      problems.push(
        `no call deployed to ${story.environment}: ${calls.map((c) => c.call.job).join(', ') || 'none ran'}`,
      );
  } catch (error) {
    problems.push(`the workflow could not be rehearsed: ${(error as Error).message}`);
  }
  const jobs = calls.find((c) => c.environment === story.environment)?.jobs ?? [];
  const serving = await servingVersions(parts.emulator, story.environment).catch((e: Error) => [
    `(${e.message})`,
  ]);
  const dedupKey = `${CONSUMER_REPOSITORY}/${story.environment}`;
  const alert = parts.pagerDuty.alerts.get(dedupKey);
  const onCall: OnCallRecord = {
    dedupKey,
    events: parts.pagerDuty.requests.slice(pagerDutyBefore),
    alert: alert && structuredClone(alert),
  };
  problems.push(
    ...checkRelease(
      release.expect,
      jobs,
      serving,
      { sha, storySha: commitOf(story.name) },
      parts.slack.messages.slice(slackBefore),
    ),
    ...checkOnCall(release.expect.onCall, onCall, sha),
  );
  fs.rmSync(workspace, { recursive: true, force: true });
  const durationMs = performance.now() - started;
  return { label, release, sha, jobs, calls, serving, onCall, problems, durationMs };
}

/** The emulator's rules once the image is built: the new image's, and the previous version's. */
function scenarios(release: Release, imageRef: string, latencyAllowanceMs: number) {
  return [
    ...(release.behaviour ? [slowerBy({ image: imageRef, ...release.behaviour }, latencyAllowanceMs)] : []),
    // A rollback starts new tasks from the image the world was seeded with.
    ...(release.previousBehaviour ? [{ image: PREVIOUS_IMAGE, ...release.previousBehaviour }] : []),
    ...(release.scenarios ?? []),
  ];
}
