// What a person watching a workflow run sees: each job as it starts, one line per step as it
// finishes (with its duration and outcome), and the action's phases and annotations while it runs.
import { formatDuration } from '@shipline/toolkit';
import type { Reporter, StepRecord } from '../workflow-runner/index.js';
import { bold, dim, green, red, yellow } from './terminal.js';

const MARK: Record<StepRecord['outcome'], string> = {
  success: green('✔'),
  failure: red('✖'),
  skipped: dim('○'),
  cancelled: yellow('■'),
};

export interface TimelineEntry {
  story: string;
  job: string;
  step: string;
  outcome: StepRecord['outcome'];
  durationMs: number;
  note: string;
}

/** A reporter that prints as the run goes and keeps every finished step for the final check. */
export class Timeline implements Reporter {
  readonly entries: TimelineEntry[] = [];
  story = '';

  constructor(
    private readonly write: (text: string) => void,
    private readonly verbose = false,
  ) {}

  say(line: string): void {
    this.write(`${line}\n`);
  }

  jobStarted(job: string, environment: string | undefined): void {
    const where = environment
      ? ` ${dim('environment')} ${environment} ${dim("(GitHub's protection rules for it: stood in)")}`
      : '';
    this.say(`  ${bold(`job ${job}`)}${where}`);
  }

  jobSkipped(job: string, why: string): void {
    this.say(`  ${bold(`job ${job}`)} ${dim(`skipped (${why})`)}`);
  }

  stepStarted(job: string, step: string): void {
    this.say(dim(`    … ${step}`));
  }

  stepLine(_job: string, _step: string, line: string): void {
    if (this.verbose) {
      this.say(dim(`        ${line}`));
      return;
    }
    const group = /^::group::(.*)$/.exec(line);
    if (group) this.say(dim(`        · ${group[1]}`));
    const annotation = /^::(error|warning)[^:]*::(.*)$/.exec(line);
    if (annotation) {
      const text = (annotation[2] ?? '').replace(/%0A/g, ' ⏎ ').replace(/%25/g, '%');
      this.say(`        ${annotation[1] === 'error' ? red('error') : yellow('warning')} ${text}`);
    }
  }

  stepFinished(record: StepRecord): void {
    const note = record.note ?? record.errors.at(-1) ?? '';
    this.entries.push({
      story: this.story,
      job: record.job,
      step: record.step,
      outcome: record.outcome,
      durationMs: record.durationMs,
      note,
    });
    const duration = record.kind === 'skipped' ? '' : formatDuration(record.durationMs);
    const tail = note ? dim(` ${note.length > 140 ? `${note.slice(0, 137)}...` : note}`) : '';
    this.say(
      `    ${MARK[record.outcome]} ${record.step.padEnd(38)} ${duration.padStart(6)} ${record.outcome}${tail}`,
    );
  }
}
