// The leak check: where a masked value shows up unmasked somewhere a user (or a later step) can read it.

import { detectionPatterns, findPatterns, redactedHint, type SecretMasker } from './masker.js';
import type { Leak, LeakWhere, RunResult, Stage, Stream } from './types.js';

/** What the log shows for one line the action printed (already masked as the runner masks it). */
export interface ShownLine {
  stage: Stage;
  stream: Stream;
  /** 1-based line number within the stage's stream. */
  line: number;
  shown: string;
}

export interface StoredValues {
  stage: Stage;
  outputs: Record<string, string>;
  state: Record<string, string>;
  env: Record<string, string>;
  /** The raw markdown the stage wrote. */
  summary: string;
}

const REASONS: Record<LeakWhere, string> = {
  stdout: 'the log shows it: printed before it was masked, or in a form the runner does not mask',
  stderr: 'the log shows it: printed before it was masked, or in a form the runner does not mask',
  output: 'step outputs are not masked at rest: later steps, job outputs and expressions read them',
  state: 'state is passed to the post step as STATE_* environment and is not masked at rest',
  env: 'GITHUB_ENV values become environment of every later step in the job',
  summary: 'the step summary is published as written; the runner scrubs it line by line only',
};

/**
 * Finds every leak of a masked value (secrets passed in, `::add-mask::` values, github.token):
 *  - stdout/stderr: a line whose masked form (what the runner shows) still contains it: printed before the
 *    registration, or in a form the runner does not mask (one line of an `::add-mask::`ed multi-line
 *    value, base64 inside a longer base64 text, ...);
 *  - output / state / env: any value set through the environment files or `::set-output`/`::save-state`;
 *  - summary: any line of the step summary.
 * Each registered value is also looked for in the forms of detectionPatterns. Stop-commands tokens, which the runner also masks, are not secrets and are skipped.
 */
export function findLeaks(masker: SecretMasker, lines: ShownLine[], stored: StoredValues[]): Leak[] {
  const leaks: Leak[] = [];
  for (const registration of masker.all) {
    if (!registration.leakChecked) continue;
    const patterns = detectionPatterns(registration.secret);
    const hint = redactedHint(registration.secret);
    const add = (where: LeakWhere, stage: Stage, text: string, at: { name?: string; line?: number }) => {
      const found = findPatterns(text, patterns);
      const first = found[0];
      if (first) leaks.push({ where, stage, ...at, hint, form: first.form, reason: REASONS[where] });
    };
    for (const line of lines) add(line.stream, line.stage, line.shown, { line: line.line });
    for (const values of stored) {
      for (const [name, value] of Object.entries(values.outputs))
        add('output', values.stage, value, { name });
      for (const [name, value] of Object.entries(values.state)) add('state', values.stage, value, { name });
      for (const [name, value] of Object.entries(values.env)) add('env', values.stage, value, { name });
      values.summary
        .split(/\r\n|\r|\n/)
        .forEach((text, i) => add('summary', values.stage, text, { line: i + 1 }));
    }
  }
  return leaks;
}

export function describeLeak(leak: Leak): string {
  const place = leak.name !== undefined ? `${leak.where} '${leak.name}'` : `${leak.where} line ${leak.line}`;
  const form = leak.form === 'value' ? '' : ` (as ${leak.form})`;
  return `${leak.stage}: masked value ${leak.hint}${form} in ${place}: ${leak.reason}`;
}

/** Throws a readable error listing every leak; `allow` skips kinds a test accepts (e.g. 'env'). */
export function expectNoLeaks(run: Pick<RunResult, 'leaks'>, options: { allow?: LeakWhere[] } = {}): void {
  const leaks = run.leaks.filter((leak) => !options.allow?.includes(leak.where));
  if (leaks.length === 0) return;
  throw new Error(
    `${leaks.length} leak(s) of masked values:\n${leaks.map((leak) => `  - ${describeLeak(leak)}`).join('\n')}`,
  );
}
