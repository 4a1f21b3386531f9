// What `pnpm rehearse` prints around the workflow's own timeline: the local parts, each story's
// opening and verdict, what the story did for the workflow (the caller, the approver), the Slack
// messages and PagerDuty events as they arrive, and the final table.
import { formatDuration } from '@shipline/toolkit';
import type { PagerDutyRequest } from '@shipline/local-services/pagerduty';
import type { Environment, LocalParts, Story, StoryReporter, StoryResult } from '../stories/index.js';
import { storyDescription } from '../stories/index.js';
import type { ResolvedCall } from '../workflow-runner/index.js';
import { onCallEnding, pagerDutyLines } from './pagerduty-lines.js';
import { slackLines } from './slack-lines.js';
import { bold, dim, green, red, table } from './terminal.js';
import { Timeline } from './timeline.js';

export class StoryTimeline extends Timeline implements StoryReporter {
  partsStarted(parts: LocalParts, clockScale: number): void {
    this.say(
      bold(
        "Shipline rehearsal: the application's cd.yml calling .github/workflows/reusable-deploy.yml, on this machine",
      ),
    );
    this.say(
      dim(
        `  ECS emulator ${parts.emulator.url} (clock ×${clockScale}), Slack stand-in ${parts.slack.url}, PagerDuty Events stand-in ${parts.pagerDuty.url}, GitHub API stand-in ${parts.github.url}`,
      ),
    );
    this.say(
      dim(
        parts.registry
          ? `  registry ${parts.registry.url}: images are really built and pushed`
          : `  no image build: ${parts.noBuildReason}`,
      ),
    );
  }

  consumerInstalled(dir: string): void {
    this.say(
      dim(`  the application's repository: ./dev install-pipeline --shipline shipline/shipline (${dir})`),
    );
  }

  iamEnforced(roles: string[]): void {
    this.say(
      dim(
        `  IAM: the emulator holds each job's AWS role to its generated policy (${roles.join(', ')}; --no-iam turns it off)`,
      ),
    );
  }

  storyStarted(story: Story): void {
    this.story = story.name;
    this.say(`\n${bold(`▶ ${story.name}`)}: ${storyDescription(story)}`);
  }

  nextRelease(story: Story, label: string, title: string): void {
    this.story = label;
    this.say(`\n${bold(`▶ ${label}`)}: ${storyDescription({ ...story, title })}`);
  }

  callFound(call: ResolvedCall): void {
    this.say(
      `  ${dim(`${call.caller}:`)} job ${call.job} calls reusable-deploy.yml with environment=${call.inputs.environment}, approval=${call.inputs.approval}`,
    );
    for (const need of call.needs)
      this.say(`  job ${need} ${dim("stood in: the application's own CI (reusable-ci.yml) runs on GitHub")}`);
  }

  approved(approver: string, environment: Environment): void {
    this.say(
      `        ${dim(`github: @${approver} approved the deployment to ${environment} (required reviewers)`)}`,
    );
  }

  note(text: string): void {
    this.say(`  ${dim(text)}`);
  }

  slackMessage(body: unknown): void {
    for (const [n, line] of slackLines(body).slice(0, 6).entries())
      this.say(`        ${dim(n === 0 ? 'slack ←' : '       ')} ${line.slice(0, 160)}`);
  }

  pagerDutyEvent(request: PagerDutyRequest): void {
    for (const [n, line] of pagerDutyLines(request).entries())
      this.say(`        ${dim(n === 0 ? 'pagerduty ←' : '           ')} ${line.slice(0, 160)}`);
  }

  /** What serves after each release (and what PagerDuty holds), then the story's verdict. */
  storyFinished(result: StoryResult): void {
    const verdict = result.passed
      ? green('as expected')
      : red(`NOT as expected: ${result.problems.join('; ')}`);
    const endings = result.releases.map((r, i) => {
      const onCall = onCallEnding(r.onCall);
      return `${i === 0 ? '' : `${r.label}: `}serving ${r.serving.join(', ')}${onCall ? `; PagerDuty: ${onCall}` : ''}`;
    });
    endings.slice(0, -1).forEach((ending) => this.say(`  ${bold('→')} ${ending}`));
    const last = endings.at(-1);
    this.say(`  ${bold('→')} ${last ? `${last}; ` : ''}${verdict} (${formatDuration(result.durationMs)})`);
  }

  /** One row per release: the steps it checks, what serves, what PagerDuty holds, time, pass or FAIL. */
  finalTable(results: StoryResult[]): void {
    const rows = results.flatMap(({ story, releases }) => {
      if (releases.length === 0) return [[story.name, story.environment, '', '', '', '', red('FAIL')]];
      return releases.map((r) => {
        const checked = r.jobs.flatMap((j) => j.steps).filter((s) => s.id && s.id in r.release.expect.steps);
        return [
          r.label,
          story.environment,
          checked.map((s) => `${s.id} ${s.outcome}`).join(', '),
          r.serving.join(', '),
          onCallEnding(r.onCall) || '-',
          formatDuration(r.durationMs),
          r.problems.length === 0 ? green('pass') : red('FAIL'),
        ];
      });
    });
    const header = ['story', 'environment', 'steps', 'serving at the end', 'PagerDuty', 'took', 'result'];
    this.say(`\n${table(header, rows)}`);
  }
}
