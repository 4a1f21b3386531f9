// What every hostile-input suite asserts about one run of a bundled action (issue #15): no workflow
// command it did not mean in the raw output, no secret in any form where users or later steps read
// (log as shown, outputs, summary, what the stand-ins received), and CR/LF in a one-line input refused.
import { describeLeak, parseWorkflowCommand, type RunResult } from '@shipline/action-harness';
import { MARK, secretForms } from './hostile-text.js';

/** Commands an action may emit by design; anything else in its output was injected. */
export const DESIGNED_COMMANDS: readonly string[] = [
  'group',
  'endgroup',
  'error',
  'warning',
  'notice',
  'debug',
  'add-mask',
];

export interface HostileExpectations {
  /** Command names the action emits by design (DESIGNED_COMMANDS when omitted). */
  commands?: readonly string[];
  /** Every secret the step holds: none of its forms may be readable. */
  secrets: string[];
  /** What stand-ins received and would show or store (message bodies, issue texts), by name. */
  payloads?: Record<string, string>;
}

/** The raw lines the runner reads as commands: every line of stdout and stderr of every stage. */
function rawLines(run: RunResult): { where: string; line: string }[] {
  return run.stages.flatMap((stage) =>
    (['stdout', 'stderr'] as const).flatMap((stream) =>
      stage[stream].split('\n').map((line, i) => ({
        where: `${stage.stage} ${stream} line ${i + 1}`,
        line: line.replace(/\r$/, ''),
      })),
    ),
  );
}

/** Workflow commands in the output that the action did not mean to emit. */
export function injectedCommands(run: RunResult, commands: readonly string[] = DESIGNED_COMMANDS): string[] {
  const problems: string[] = [];
  for (const { where, line } of rawLines(run)) {
    const parsed = parseWorkflowCommand(line);
    const startsWithColons = line.trimStart().startsWith('::');
    if (!parsed) {
      if (startsWithColons)
        problems.push(`${where}: a line starting with '::' that is no command of the action`);
      continue;
    }
    const name = parsed.command.toLowerCase();
    const planted = [parsed.message, ...Object.keys(parsed.properties), ...Object.values(parsed.properties)];
    if (!startsWithColons) problems.push(`${where}: legacy command ##[${name}] inside a line`);
    else if (!commands.includes(name)) problems.push(`${where}: command ::${name}:: the action never emits`);
    else if (planted.some((text) => text.trimStart().startsWith(MARK)))
      problems.push(`${where}: ::${name}:: started by hostile text`);
  }
  return problems;
}

/** Where a secret, or a form of it, can be read after the run (never printing the value). */
export function secretExposures(run: RunResult, expectations: HostileExpectations): string[] {
  const places: Record<string, string> = {
    'log as shown': run.log,
    summary: run.summary,
    ...Object.fromEntries(
      run.stages.flatMap((s) => Object.entries(s.outputs).map(([k, v]) => [`${s.stage} output ${k}`, v])),
    ),
    ...Object.fromEntries(Object.entries(run.state).map(([k, v]) => [`state ${k}`, v])),
    ...Object.fromEntries(Object.entries(expectations.payloads ?? {}).map(([k, v]) => [`payload ${k}`, v])),
  };
  const problems = run.leaks.map((leak) => `harness: ${describeLeak(leak)}`);
  expectations.secrets.forEach((secret, index) => {
    for (const { form, text } of secretForms(secret)) {
      for (const [place, content] of Object.entries(places)) {
        if (content.includes(text)) problems.push(`secret #${index + 1} as ${form} in ${place}`);
      }
    }
  });
  return problems;
}

/** Throws one readable list of everything a hostile run got wrong; `label` says which case. */
export function expectHostileSafe(run: RunResult, expectations: HostileExpectations, label = ''): void {
  const problems = [...injectedCommands(run, expectations.commands), ...secretExposures(run, expectations)];
  if (problems.length === 0) return;
  throw new Error(
    `${label}${label ? ': ' : ''}${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`,
  );
}

/**
 * CR/LF in one-line inputs (all broken in one run: an action reports every bad input at once): the
 * step fails with an error naming each input and its line break, before any network call.
 */
export function expectOneLineRefusals(run: RunResult, inputs: string[], networkCalls: number): void {
  const problems: string[] = [];
  if (run.exitCode !== 1) problems.push(`exit code ${run.exitCode}, expected 1`);
  for (const input of inputs) {
    // Another complaint about the value is not the refusal: a bad value may also be one line.
    const naming = run.errors.filter((e) => e.includes(`'${input}'`) || e.includes(input));
    if (!naming.some((e) => /line break|\bCR\b|\bLF\b|newline/i.test(e)))
      problems.push(`no error annotation names ${input} and its line break (${naming.length} name it)`);
  }
  if (networkCalls > 0) problems.push(`${networkCalls} network call(s) before the refusal`);
  if (problems.length > 0) throw new Error(`one-line inputs with CR/LF:\n  - ${problems.join('\n  - ')}`);
}

/** Every one-line input of `goodValues` with a line break inside, the same kind and text in each. */
export function allWithLineBreaks(
  goodValues: Record<string, string>,
  breakKind: number,
  after: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(goodValues).map(([input, value]) => [input, withLineBreak(value, breakKind, after)]),
  );
}

/** Inserts a line break (LF, CR or CRLF) into the middle of a value, as a one-line input must refuse. */
export function withLineBreak(value: string, breakKind: number, after: string): string {
  const brk = ['\n', '\r', '\r\n'][breakKind % 3] as string;
  const middle = Math.max(1, Math.floor(value.length / 2));
  return `${value.slice(0, middle)}${brk}${after}${value.slice(middle)}`;
}
