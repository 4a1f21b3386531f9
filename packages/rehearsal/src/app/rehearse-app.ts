// rehearseApp(): an application repository's own pipeline rehearsed before its first push. First
// every check of what would break on GitHub or AWS (none of the stories runs while one fails), then
// the local parts with the app's settings stood in, then its generated stories, each told as it goes.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { dockerAvailability } from '@shipline/local-services/docker-host';
import { AppTimeline } from '../presentation/app-timeline.js';
import type { TimelineEntry } from '../presentation/timeline.js';
import { startLocalParts, workflowPath } from '../stories/index.js';
import { enforceIam, type IamPolicies } from '../stories/iam-roles.js';
import { loadWorkflow } from '../workflow-runner/index.js';
import { readAppConfig, type AppConfig } from './app-config.js';
import type { AppFinding } from './app-finding.js';
import { appIamSetup } from './app-iam.js';
import { appStories } from './app-stories.js';
import { ensureBaseImages } from './base-images.js';
import { deployTargets } from './deploy-targets.js';
import { playAppStory, type AppStoryResult } from './play-app-story.js';
import { buildImage, type BuiltImage } from './probe.js';
import { callInputFindings, referenceFindings } from './reference-checks.js';
import { healthCheckPath, runningFindings } from './running-checks.js';
import { runSettings } from './stood-in-settings.js';
import {
  forEmulator,
  iamEnforcedLine,
  readTeamPolicies,
  teamIamFindings,
  type TeamPolicyCheck,
} from './team-iam.js';

export interface AppRehearsalOptions {
  repoRoot: string;
  /** The application repository's checkout, with `.github/rehearsal.yml`. */
  appDir: string;
  stories?: string[];
  clockScale?: number;
  verbose?: boolean;
  noDocker?: boolean;
  write?: (text: string) => void;
  /** `./dev doctor`'s findings for the app, given its config's variables and secret names. */
  doctor?: (config: AppConfig) => AppFinding[];
  /** Each job's role held to the policy `./dev iam-policy` generates for it (the team's, where named). */
  iamPolicies?: IamPolicies;
  /** The check of a team policy named in rehearsal.yml `iam:` against its role's calls. */
  checkTeamPolicy?: (check: TeamPolicyCheck) => AppFinding[];
}

export interface AppRehearsalResult {
  passed: boolean;
  /** What the checks before the stories found (errors stop the rehearsal there). */
  findings: AppFinding[];
  results: AppStoryResult[];
  timeline: TimelineEntry[];
  durationMs: number;
}

export async function rehearseApp(options: AppRehearsalOptions): Promise<AppRehearsalResult> {
  const started = performance.now();
  const timeline = new AppTimeline(options.write ?? ((text) => process.stdout.write(text)), options.verbose);
  const appDir = path.resolve(options.appDir);
  const config = readAppConfig(appDir);
  const workflow = loadWorkflow(workflowPath(options.repoRoot));
  const targets = deployTargets(appDir, config);
  const shipline = /^([^/]+\/[^/]+)\//.exec(targets[0]?.uses ?? '')?.[1] ?? 'shipline/shipline';
  const stories = appStories(targets, options.stories);
  timeline.appHeader(appDir, config, targets);
  const docker = options.noDocker
    ? { ok: false as const, reason: 'asked to run without docker (--no-docker)' }
    : dockerAvailability();
  const first = targets[0]!;
  const context = path.join(appDir, first.inputs['build-context'] || '.');
  const dockerfile = path.join(
    appDir,
    first.inputs.dockerfile || path.join(first.inputs['build-context'] || '.', 'Dockerfile'),
  );
  const baseImages = docker.ok ? await ensureBaseImages(dockerfile) : undefined;
  if (baseImages) timeline.baseImages(baseImages);
  const built: BuiltImage | undefined = docker.ok ? buildImage(context, dockerfile) : undefined;
  const iamSetup = appIamSetup(appDir, targets);
  const team = readTeamPolicies(appDir, config, targets, iamSetup);
  const findings: AppFinding[] = [
    ...teamIamFindings(team, iamSetup, options.checkTeamPolicy),
    ...(options.doctor?.(config) ?? []),
    ...referenceFindings(appDir, options.repoRoot, shipline),
    ...callInputFindings(targets, workflow),
    ...(built && !built.ok
      ? [{ level: 'error' as const, where: 'Dockerfile', message: `does not build: ${built.error}` }]
      : []),
    ...(await runningFindings(appDir, targets, built)),
  ];
  timeline.checked(findings, docker.ok ? undefined : docker.reason);
  const result = (results: AppStoryResult[], passed: boolean): AppRehearsalResult => ({
    passed,
    findings,
    results,
    timeline: timeline.entries,
    durationMs: performance.now() - started,
  });
  if (findings.some((f) => f.level === 'error')) {
    if (built?.ok) spawnSync('docker', ['rmi', '-f', built.image]);
    return result([], false);
  }
  const clockScale = options.clockScale ?? 100;
  // Real containers of the app when a daemon is here: the load balancer checks its targets on the
  // target group's path (rehearsal.yml), else the one the task definition's health check requests.
  const targetPath = config.targetHealthCheckPath ?? healthCheckPath(appDir, first) ?? '/';
  const parts = await startLocalParts({
    clockScale,
    noDocker: options.noDocker,
    ...(docker.ok
      ? { runContainers: { withoutDaemon: 'simulate', targetHealthCheck: { path: targetPath } } }
      : {}),
    onSlackMessage: (message) => timeline.slackMessage(message.body),
    onPagerDutyEvent: (request) => timeline.pagerDutyEvent(request),
  });
  const results: AppStoryResult[] = [];
  try {
    const settings = runSettings(config, targets, parts);
    const previousImage = `${settings.image}:previous`;
    // The previous release is the app as it is, reporting another version; pushed so it can be pulled.
    if (parts.registry && built?.ok) {
      spawnSync('docker', ['tag', built.image, previousImage]);
      const pushed = spawnSync('docker', ['push', previousImage], { encoding: 'utf8' });
      if (pushed.status !== 0)
        throw new Error(`could not push the previous release ${previousImage}: ${pushed.stderr}`);
    }
    timeline.appPartsStarted(parts, clockScale, settings.standIns, previousImage, targetPath);
    if (options.iamPolicies) {
      const policies = options.iamPolicies(iamSetup);
      for (const check of team.checks) policies[check.role.name] = forEmulator(check);
      enforceIam(parts.emulator, policies);
      timeline.note(iamEnforcedLine(team, iamSetup));
    }
    const play = {
      appDir,
      repository: config.repository,
      shiplineRepository: shipline,
      repoRoot: options.repoRoot,
      workflow,
      parts,
      settings,
      previousImage,
      reporter: timeline,
    };
    for (const story of stories) {
      timeline.appStoryStarted(story);
      const played = await playAppStory(story, play);
      results.push(played);
      timeline.appStoryFinished(played);
    }
    timeline.appFinalTable(results);
  } finally {
    await parts.close();
    if (built?.ok) spawnSync('docker', ['rmi', '-f', built.image]);
  }
  return result(results, results.length === stories.length && results.every((r) => r.passed));
}
