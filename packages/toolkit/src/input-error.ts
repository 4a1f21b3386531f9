// Bad inputs: InputError (one), InputErrors (all at once), readInputs, which reads every input first.
/** A bad input value: names the input, says what is wrong and shows a good value. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly problem: string,
    readonly example: string,
  ) {
    super(`Input '${input}' ${problem}. Example of a good value: ${example}`);
    this.name = 'InputError';
  }
}

/** Every bad input of one action, reported together so one run shows all that needs fixing. */
export class InputErrors extends Error {
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'InputErrors';
  }
}

/** Quotes a value for an error message; secrets are never echoed. */
export function quoteValue(value: string, secret = false): string {
  if (secret) return 'the given value';
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}

/**
 * Runs every reader, collecting InputErrors instead of stopping at the first, and returns the
 * parsed values only when all are good. Anything that is not an InputError is a bug and rethrown.
 */
export function readInputs<T extends Record<string, unknown>>(readers: { [K in keyof T]: () => T[K] }): T {
  const values: Partial<T> = {};
  const errors: InputError[] = [];
  for (const key of Object.keys(readers) as (keyof T)[]) {
    try {
      values[key] = readers[key]();
    } catch (error) {
      if (error instanceof InputErrors) errors.push(...error.errors);
      else if (error instanceof InputError) errors.push(error);
      else throw error;
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return values as T;
}

/** For mutually exclusive inputs: returns the one that was given, or throws naming them all. */
export function exactlyOne<K extends string>(given: Record<K, unknown>, example: string): K {
  const names = Object.keys(given) as K[];
  const present = names.filter((name) => given[name] !== undefined);
  if (present.length === 1) return present[0] as K;
  const list = names.map((n) => `'${n}'`).join(', ');
  const problem =
    present.length === 0
      ? `is missing: give exactly one of ${list}`
      : `conflicts with ${present
          .slice(1)
          .map((n) => `'${n}'`)
          .join(', ')}: give exactly one of ${list}`;
  throw new InputError(present[0] ?? (names[0] as string), problem, example);
}
