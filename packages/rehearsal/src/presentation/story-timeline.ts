// What `pnpm rehearse` prints around the workflow's own timeline: the local parts, each story's
// opening and verdict, what the story did for the workflow (the caller, the approver), the Slack
// messages as they arrive, and the final table.
import { formatDuration } from '@shipline/toolkit';
import type { Environment, LocalParts, Story, StoryReporter, StoryResult } from '../stories/index.js';
import { storyDescription } from '../stories/index.js';
import type { ResolvedCall } from '../workflow-runner/index.js';
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
        `  ECS emulator ${parts.emulator.url} (clock ×${clockScale}), Slack stand-in ${parts.slack.url}, GitHub API stand-in ${parts.github.url}`,
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

  storyStarted(story: Story): void {
    this.story = story.name;
    this.say(`\n${bold(`▶ ${story.name}`)}: ${storyDescription(story)}`);
  }

  callFound(call: ResolvedCall): void {
    this.say(
      `  ${dim('cd.yml:')} job ${call.job} calls reusable-deploy.yml with environment=${call.inputs.environment}, approval=${call.inputs.approval}`,
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

  storyFinished(result: StoryResult): void {
    const verdict = result.passed
      ? green('as expected')
      : red(`NOT as expected: ${result.problems.join('; ')}`);
    this.say(
      `  ${bold('→')} serving ${result.serving.join(', ')}; ${verdict} (${formatDuration(result.durationMs)})`,
    );
  }

  /** One row per story: the steps it checks, what serves at the end, how long it took, pass or FAIL. */
  finalTable(results: StoryResult[]): void {
    const rows = results.map((r) => {
      const steps = r.jobs.flatMap((j) => j.steps).filter((s) => s.id && s.id in r.story.expect.steps);
      return [
        r.story.name,
        r.story.environment,
        steps.map((s) => `${s.id} ${s.outcome}`).join(', '),
        r.serving.join(', '),
        formatDuration(r.durationMs),
        r.passed ? green('pass') : red('FAIL'),
      ];
    });
    this.say(`\n${table(['story', 'environment', 'steps', 'serving at the end', 'took', 'result'], rows)}`);
  }
}
