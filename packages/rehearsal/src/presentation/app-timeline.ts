// What `./dev rehearse --app` prints, read once from top to bottom: the application and what it
// deploys where, what was checked before any story (each problem with the change that fixes it),
// what was stood in and why, each story's timeline, and a final table with one fix per failure.
import { formatDuration } from '@shipline/toolkit';
import type { AppConfig } from '../app/app-config.js';
import type { AppFinding } from '../app/app-finding.js';
import type { AppStory } from '../app/app-stories.js';
import type { DeployTarget } from '../app/deploy-targets.js';
import type { AppStoryResult } from '../app/play-app-story.js';
import type { LocalParts } from '../stories/index.js';
import { StoryTimeline } from './story-timeline.js';
import { bold, dim, green, red, table, yellow } from './terminal.js';

const MARK = { error: red('✗ error'), warning: yellow('! warning'), note: dim('· note') } as const;

/** What the checks before the stories cover, said whatever they find. */
const CHECKED = [
  "variables and secrets the workflows read, against .github/rehearsal.yml (./dev doctor's checks)",
  "uses: references: Shipline's workflows and actions at the ref named, local ./ paths, inputs reusable-deploy.yml declares",
  'task definitions: readable as deploy-ecs reads them, role ARNs, the container port against the Dockerfile EXPOSE and PORT, a health check',
];

/** Findings with the same level and fix (one unpinned ref in ten places) said once. */
function grouped(findings: AppFinding[]): AppFinding[][] {
  const groups = new Map<string, AppFinding[]>();
  findings.forEach((f, i) => {
    const key = f.fix && f.level !== 'error' ? `${f.level}\n${f.fix}` : String(i);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  });
  return [...groups.values()];
}

/** A commit id shortened as GitHub shows it; other versions as they are. */
const short = (version: string) => (/^[0-9a-f]{40}$/.test(version) ? version.slice(0, 12) : version);

export class AppTimeline extends StoryTimeline {
  appHeader(appDir: string, config: AppConfig, targets: DeployTarget[]): void {
    this.say(
      bold(
        `Shipline rehearsal of ${config.repository} (${appDir}): its own workflows, Dockerfile and task definitions`,
      ),
    );
    for (const t of targets)
      this.say(
        dim(
          `  ${t.caller} ${t.job}: ${t.environment} → ${t.inputs.cluster}/${t.inputs.services} (${t.inputs['task-definition']}) on ${t.refs.map((r) => r.replace('refs/heads/', '')).join(', ')}`,
        ),
      );
  }

  /** No image can be pulled here: the base images the Dockerfile needs are made locally. */
  baseImages(how: string): void {
    this.say(dim(`  base image ${how}`));
  }

  checked(findings: AppFinding[], noDocker?: string): void {
    this.say(`\n${bold('Checked before any story')} (what would break on GitHub or AWS):`);
    for (const line of CHECKED) this.say(dim(`  - ${line}`));
    this.say(
      dim(
        noDocker
          ? `  - not run: the app's container (${noDocker}); its port and health check are checked from the files only`
          : "  - the app's image built from its Dockerfile and run as each task definition says: the port it listens on, the health check command run inside it, the image's platform",
      ),
    );
    for (const group of grouped(findings)) {
      const [f] = group as [AppFinding];
      const more =
        group.length > 1
          ? dim(
              ` (and ${group.length - 1} more like it: ${group
                .slice(1)
                .map((g) => g.where.replace('.github/workflows/', ''))
                .join(', ')})`,
            )
          : '';
      this.say(`  ${MARK[f.level]} ${f.where}: ${f.message}${more}`);
      if (f.fix) this.say(`      ${bold('change:')} ${f.fix}`);
    }
    const errors = findings.filter((f) => f.level === 'error').length;
    this.say(
      errors > 0
        ? red(`  ${errors} problem(s) would break a deploy: no story was played. Fix them and run again.`)
        : green(`  nothing would break (${findings.length} warning(s)/note(s))`),
    );
  }

  appPartsStarted(
    parts: LocalParts,
    clockScale: number,
    standIns: string[],
    previousImage: string,
    targetPath: string,
  ): void {
    this.say('');
    this.partsStarted(parts, clockScale);
    const { containers } = parts.emulator;
    this.say(
      containers.mode === 'containers'
        ? `  tasks: real containers of the app's image (${containers.reason}); the load balancer proxies to them, checking GET ${targetPath}`
        : dim(
            `  tasks: simulated by the emulator (${containers.reason}); a crash and slow answers are its scenario rules`,
          ),
    );
    this.say(bold('Stood in') + dim(' (what the rehearsal replaces, and why):'));
    for (const line of standIns) this.say(dim(`  - ${line}`));
    this.say(
      dim('  - AWS: OIDC credentials, ECS and ECR are the local emulator (account 123456789012, us-east-1)'),
    );
    this.say(
      dim(
        `  - the previous release every environment runs first: ${previousImage} (the app as it is, APP_VERSION=previous-release)`,
      ),
    );
    this.say(dim("  - the app's CI (reusable-ci.yml) and GitHub's environment protection: taken as passed"));
  }

  appStoryStarted(story: AppStory): void {
    this.story = story.name;
    const where = story.targets
      .map((t) => `${t.environment} (${t.inputs.cluster}/${t.inputs.services})`)
      .join(' → ');
    this.say(
      `\n${bold(`▶ ${story.name}`)}: ${story.title} (${story.caller === 'cd.yml' ? 'push to' : `${story.caller} run by hand on`} ${story.branch} → ${where})`,
    );
  }

  appStoryFinished(result: AppStoryResult): void {
    const serving = Object.entries(result.serving).map(
      ([env, v]) => `${env} serving ${v.map(short).join(', ')}`,
    );
    const verdict = result.passed
      ? green('as expected')
      : red(`NOT as expected: ${result.problems.join('; ')}`);
    this.say(`  ${bold('→')} ${serving.join('; ')}; ${verdict} (${formatDuration(result.durationMs)})`);
    if (result.fix) this.say(`  ${bold('change:')} ${result.fix}`);
  }

  appFinalTable(results: AppStoryResult[]): void {
    const rows = results.map((r) => [
      r.story.name,
      r.story.targets.map((t) => t.environment).join(' → '),
      Object.values(r.serving)
        .map((v) => v.map(short).join(', '))
        .join(' / '),
      formatDuration(r.durationMs),
      r.passed ? green('pass') : red('FAIL'),
    ]);
    this.say(`\n${table(['story', 'environments', 'serving at the end', 'took', 'result'], rows)}`);
    for (const r of results.filter((x) => x.fix)) this.say(`${red(r.story.name)}: change ${r.fix}`);
  }
}
