// Reading the policy YAML field by field: PolicyError/PolicyErrors and the FieldReader that collects them with line numbers.
import { LineCounter, parseDocument, type Document } from 'yaml';

/** One bad field of the policy file: names it (with its line), says what is wrong, shows a good value. */
export class PolicyError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
    readonly example: string,
    readonly where = '',
  ) {
    super(`${where}'${field}' ${problem}. Example of a good value: ${example}`);
    this.name = 'PolicyError';
  }
}

/** Every problem of one policy file, reported together so one run shows all that needs fixing. */
export class PolicyErrors extends Error {
  constructor(readonly errors: PolicyError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'PolicyErrors';
  }
}

export type Path = (string | number)[];
type Raw = Record<string, unknown>;

/**
 * Reads typed fields out of a parsed YAML document, collecting one PolicyError per bad field (with
 * the file and line it sits on) instead of stopping at the first.
 */
export class FieldReader {
  readonly errors: PolicyError[] = [];
  readonly root: unknown;
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
    for (const e of this.doc.errors) {
      const line = this.lines.linePos(e.pos[0]).line;
      this.errors.push(
        new PolicyError(
          '(file)',
          `is not valid YAML: ${e.message.split('\n')[0]}`,
          'see the header comment of the template',
          `${file}:${line}: `,
        ),
      );
    }
    this.root = this.errors.length === 0 ? this.doc.toJS() : undefined;
  }

  fail(path: Path, problem: string, example: string): undefined {
    const node = this.doc.getIn(path, true) as { range?: [number, number] } | undefined;
    const offset = node?.range?.[0];
    const where =
      offset === undefined ? `${this.file}: ` : `${this.file}:${this.lines.linePos(offset).line}: `;
    this.errors.push(new PolicyError(path.join('.') || '(top level)', problem, example, where));
    return undefined;
  }

  /** A mapping whose keys must all be known; unknown keys are errors (a typo must not pass silently). */
  object(path: Path, value: unknown, known: string[] | null, example: string): Raw | undefined {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value))
      return this.fail(path, `is ${describe(value)}: must be a mapping`, example);
    if (known) {
      for (const key of Object.keys(value))
        if (!known.includes(key))
          this.fail([...path, key], `is not a known key: use one of ${known.join(', ')}`, example);
    }
    return value as Raw;
  }

  boolean(path: Path, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.fail(path, `is ${describe(value)}: must be true or false`, String(fallback));
    return fallback;
  }

  integer(
    path: Path,
    value: unknown,
    range: { min: number; max: number; why?: string },
    fallback: number,
  ): number {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max)
      return value;
    const why = range.why ? ` (${range.why})` : '';
    this.fail(
      path,
      `is ${describe(value)}: must be a whole number from ${range.min} to ${range.max}${why}`,
      String(fallback),
    );
    return fallback;
  }

  list(path: Path, value: unknown, example: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.fail(path, `is ${describe(value)}: must be a list`, example);
    return [];
  }

  /** A string matching the pattern; undefined (after recording why) when it does not. */
  string(path: Path, value: unknown, pattern: RegExp, rule: string, example: string): string | undefined {
    if (typeof value === 'string' && pattern.test(value)) return value;
    return this.fail(path, `is ${describe(value)}: ${rule}`, example);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
