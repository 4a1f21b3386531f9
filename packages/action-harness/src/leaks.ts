// The leak check: where a masked value shows up unmasked somewhere a user (or a later step) can read it.

import { findPatterns, redactedHint, type SecretMasker } from './masker.js';
import type { Leak, LeakWhere, RunResult, Stage, Stream } from './types.js';

export interface RawLine {
  stage: Stage;
  stream: Stream;
  /** 1-based line number within the stage's stream. */
  line: number;
  text: string;
  seq: number;
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
  stdout: 'printed before it was registered as a secret, so the log shows it unmasked',
  stderr: 'printed before it was registered as a secret, so the log shows it unmasked',
  output: 'step outputs are not masked at rest: later steps, job outputs and expressions read them',
  state: 'state is passed to the post step as STATE_* environment and is not masked at rest',
  env: 'GITHUB_ENV values become environment of every later step in the job',
  summary: 'the step summary is published as written; the runner scrubs it line by line only',
};

/**
 * Finds every leak of a masked value (secrets passed in, `::add-mask::` values, github.token):
 *  - stdout/stderr: a line printed BEFORE the value's registration (after it, the runner masks it);
 *  - output / state / env: any value set through the environment files or `::set-output`/`::save-state`;
 *  - summary: any line of the step summary.
 * Each registered value is also looked for as each line of a multi-line value and in base64, URI and
 * JSON-escaped form. Stop-commands tokens, which the runner also masks, are not secrets and are skipped.
 */
export function findLeaks(masker: SecretMasker, lines: RawLine[], stored: StoredValues[]): Leak[] {
  const leaks: Leak[] = [];
  for (const registration of masker.all) {
    if (!registration.leakChecked) continue;
    const patterns = masker.patternsOf(registration.secret);
    const hint = redactedHint(registration.secret);
    const add = (where: LeakWhere, stage: Stage, text: string, at: { name?: string; line?: number }) => {
      const found = findPatterns(text, patterns);
      const first = found[0];
      if (first) leaks.push({ where, stage, ...at, hint, form: first.form, reason: REASONS[where] });
    };
    for (const line of lines) {
      if (line.seq < registration.seq) add(line.stream, line.stage, line.text, { line: line.line });
    }
    for (const values of stored) {
      for (const [name, value] of Object.entries(values.outputs))
        add('output', values.stage, value, { name });
      for (const [name, value] of Object.entries(values.state)) add('state', values.stage, value, { name });
      for (const [name, value] of Object.entries(values.env)) add('env', values.stage, value, { name });
      values.summary.split('\n').forEach((text, i) => add('summary', values.stage, text, { line: i + 1 }));
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
