// Parsing of the environment files (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH) the way the
// Linux runner reads them after each step: lines end at '\n' only (a '\r' stays in the value).

export interface FileCommandEntry {
  name: string;
  value: string;
}

/** A malformed file; `entries` holds what came before the bad line, which the runner has already applied. */
export class FileCommandError extends Error {
  constructor(
    message: string,
    readonly entries: FileCommandEntry[],
  ) {
    super(message);
    this.name = 'FileCommandError';
  }
}

interface Line {
  text: string;
  /** false for a last line without a trailing '\n'. */
  terminated: boolean;
  /** Offset just after the line's '\n' (or the end of the text). */
  next: number;
}

function readLine(text: string, index: number): Line | undefined {
  if (index >= text.length) return undefined;
  const lf = text.indexOf('\n', index);
  if (lf < 0) return { text: text.slice(index), terminated: false, next: text.length };
  return { text: text.slice(index, lf), terminated: true, next: lf + 1 };
}

/**
 * Parses `name=value` and heredoc `name<<DELIMITER` ... `DELIMITER` entries, in order (a later entry with
 * the same name wins when applied). Throws FileCommandError with the runner's message on a malformed line.
 */
export function parseFileCommands(text: string): FileCommandEntry[] {
  const entries: FileCommandEntry[] = [];
  const fail = (message: string): never => {
    throw new FileCommandError(message, entries);
  };
  let index = 0;
  for (let line = readLine(text, index); line; line = readLine(text, index)) {
    index = line.next;
    if (line.text === '') continue;
    const equals = line.text.indexOf('=');
    const heredoc = line.text.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      // The runner checks the whole line, not the name, for emptiness: `=value` sets an empty name.
      entries.push({ name: line.text.slice(0, equals), value: line.text.slice(equals + 1) });
    } else if (heredoc >= 0 && (equals < 0 || heredoc < equals)) {
      const name = line.text.slice(0, heredoc);
      const delimiter = line.text.slice(heredoc + 2);
      if (name === '' || delimiter === '') {
        fail(`Invalid format '${line.text}'. Name must not be empty and delimiter must not be empty`);
      }
      const start = index;
      let end = index;
      let valueLine = readLine(text, index);
      while (valueLine?.text !== delimiter) {
        if (!valueLine) return fail(`Invalid value. Matching delimiter not found '${delimiter}'`);
        if (!valueLine.terminated) fail('Invalid value. EOF marker missing new line.');
        index = valueLine.next;
        end = index - 1;
        valueLine = readLine(text, index);
      }
      index = valueLine.next;
      entries.push({ name, value: end > start ? text.slice(start, end) : '' });
    } else {
      fail(`Invalid format '${line.text}'`);
    }
  }
  return entries;
}

/** GITHUB_PATH: one directory per line (any line ending), empty lines ignored. */
export function parsePathFile(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => line !== '');
}

/** GitHub refuses step summaries above 1 MiB. */
export const SUMMARY_SIZE_LIMIT = 1024 * 1024;

export function summarySizeError(bytes: number): string {
  return (
    `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${SUMMARY_SIZE_LIMIT / 1024}k, ` +
    `got ${Math.floor(bytes / 1024)}k. For more information see: ` +
    'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary'
  );
}
