// One application story: its environments seeded with the previous release, the push played through
// the app's own cd.yml (which calls this checkout's reusable-deploy.yml), then per environment the
// steps' outcomes, the version serving and the Slack result against what the story expects.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LocalParts } from '../stories/index.js';
import { whyFailed } from '../stories/check-release.js';
import { slowerBy } from '../stories/machine-latency.js';
import { playCalls, type CallRecord } from '../stories/play-call.js';
import type { StoryReporter } from '../stories/story-types.js';
import type { JobRecord, Workflow } from '../workflow-runner/index.js';
import type { AppStory } from './app-stories.js';
import { PREVIOUS_VERSION, seedTarget, servingVersions } from './app-world.js';
import { makeAppWorkspace } from './app-workspace.js';
import type { RunSettings } from './stood-in-settings.js';
import { whatToChange } from './what-to-change.js';

export interface AppPlay {
  appDir: string;
  repository: string;
  /** `acme/shipline`: the owner/repo the app's callers name for this checkout. */
  shiplineRepository: string;
  repoRoot: string;
  workflow: Workflow;
  parts: LocalParts;
  settings: RunSettings;
  /** The image the seeded services run as the previous release. */
  previousImage: string;
  reporter: StoryReporter;
}

export interface AppStoryResult {
  story: AppStory;
  passed: boolean;
  problems: string[];
  /** For a story that did not end as it should: the one change to make in the repository. */
  fix?: string;
  /** What served at the end, per environment. */
  serving: Record<string, string[]>;
  calls: CallRecord[];
  durationMs: number;
}

const stepOutcomes = (jobs: JobRecord[]) =>
  new Map(jobs.flatMap((j) => j.steps).flatMap((s) => (s.id ? [[s.id, s] as const] : [])));

export async function playAppStory(story: AppStory, play: AppPlay): Promise<AppStoryResult> {
  const started = performance.now();
  const { parts } = play;
  parts.emulator.reset();
  parts.emulator.setScenarios([]);
  parts.pagerDuty.reset();
  parts.deployments.reset();
  const sha = createHash('sha1').update(`shipline-rehearsal/app/${story.name}`).digest('hex');
  parts.deployments.commit(sha);
  const problems: string[] = [];
  let calls: CallRecord[] = [];
  const workspace = makeAppWorkspace(
    play.appDir,
    story.targets,
    story.change !== undefined && 'command' in story.change,
  );
  try {
    for (const target of story.targets)
      await seedTarget(parts.emulator, play.appDir, target, play.previousImage);
    calls = await playCalls(
      {
        workflow: play.workflow,
        parts,
        repoRoot: play.repoRoot,
        consumer: play.appDir,
        reporter: play.reporter,
      },
      {
        callerFile: path.join(workspace, '.github/workflows', story.caller),
        github: {
          repository: play.repository,
          ref: `refs/heads/${story.branch}`,
          sha,
          actor: 'dev-on-call',
          eventName: story.caller === 'cd.yml' ? 'push' : 'workflow_dispatch',
          event: {
            ref: `refs/heads/${story.branch}`,
            ...(story.caller === 'cd.yml' ? { after: sha } : {}),
            repository: { full_name: play.repository },
          },
          workflow: story.caller,
          runId: 4300,
          runNumber: 100,
          apiUrl: parts.deployments.url,
        },
        workspace,
        image: play.settings.image,
        settings: {
          vars: play.settings.vars,
          secrets: play.settings.secrets,
          shiplineRepository: play.shiplineRepository,
        },
        onJobFinished: (_environment, record, latencyAllowanceMs) => {
          const imageRef = record.outputs['image-ref'];
          if (record.id === 'build' && imageRef && story.change)
            parts.emulator.setScenarios([
              slowerBy({ image: imageRef, ...story.change.simulated }, latencyAllowanceMs),
            ]);
        },
      },
    );
  } catch (error) {
    problems.push(`the workflow could not be rehearsed: ${(error as Error).message}`);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  const serving: Record<string, string[]> = {};
  let fix: string | undefined;
  for (const [i, target] of story.targets.entries()) {
    const expect = story.expect[i]!;
    const jobs = calls.find((c) => c.environment === target.environment)?.jobs ?? [];
    const steps = stepOutcomes(jobs);
    const before = problems.length;
    for (const [id, want] of Object.entries(expect.steps)) {
      const got = steps.get(id)?.outcome ?? 'not run';
      if (got !== want)
        problems.push(
          `${target.environment}: step ${id} ${got}, expected ${want}${whyFailed(steps.get(id))}`,
        );
    }
    serving[target.environment] = await servingVersions(parts.emulator, target).catch((e: Error) => [
      `(${e.message})`,
    ]);
    const want = expect.serving === 'new' ? sha : PREVIOUS_VERSION;
    if (serving[target.environment]!.join() !== want)
      problems.push(
        `${target.environment}: serving ${serving[target.environment]!.join(', ')}, expected the ${expect.serving} version ${want.slice(0, 12)}`,
      );
    const slack = steps.get('notify-result');
    if (slack?.inputs?.status !== expect.slack)
      problems.push(
        `${target.environment}: Slack result '${slack?.inputs?.status ?? 'not sent'}', expected '${expect.slack}'`,
      );
    if (problems.length > before && !fix) fix = whatToChange(story, target, jobs);
  }
  return {
    story,
    passed: problems.length === 0,
    problems,
    ...(fix ? { fix } : {}),
    serving,
    calls,
    durationMs: performance.now() - started,
  };
}
