// Typed readers of single-value inputs (string, boolean, integer, duration, enum) with their checks.
import * as core from '@actions/core';
import { parseDuration } from './duration.js';
import { InputError, quoteValue } from './input-error.js';

export interface InputOptions<T> {
  required?: boolean;
  default?: T;
  /** Shown after "Example of a good value:". */
  example?: string;
  /** Never echo the value in an error message. */
  secret?: boolean;
  /**
   * Accept line breaks. Off by default: a one-line value with a line break is a mistake or an
   * attempt to start a workflow command (`::error::…`) in a log line that quotes it.
   */
  multiline?: boolean;
}

/** Required or defaulted inputs always have a value; others may be undefined. */
export type InputValue<T, O> = O extends { required: true }
  ? T
  : O extends { default: unknown }
    ? T
    : T | undefined;

/**
 * The building block of every reader: empty means the default, a required error or undefined;
 * anything else goes to parse, whose fail() throws an InputError naming the input.
 */
export function readInput<T, O extends InputOptions<T>>(
  name: string,
  options: O | undefined,
  fallbackExample: string,
  parse: (text: string, fail: (problem: string) => never) => T,
): InputValue<T, O> {
  const text = core.getInput(name);
  const example = options?.example ?? fallbackExample;
  if (text === '') {
    if (options?.default !== undefined) return options.default as InputValue<T, O>;
    if (options?.required) throw new InputError(name, 'is required but was not given', example);
    return undefined as InputValue<T, O>;
  }
  if (!options?.multiline && /[\r\n]/.test(text)) {
    throw new InputError(name, 'has a line break (CR or LF): a good value is one line', example);
  }
  return parse(text, (problem) => {
    throw new InputError(name, problem, example);
  }) as InputValue<T, O>;
}

export interface StringOptions extends InputOptions<string> {
  pattern?: RegExp;
  /** What the pattern means, e.g. "lowercase letters, digits and hyphens". */
  patternHint?: string;
}

export function readString<O extends StringOptions>(name: string, options?: O): InputValue<string, O> {
  return readInput(name, options, 'some-text', (text, fail) => {
    if (options?.pattern && !options.pattern.test(text)) {
      fail(`${quoteValue(text, options.secret)} must be ${options.patternHint ?? `like ${options.pattern}`}`);
    }
    return text;
  });
}

const BOOLEANS: Record<string, boolean> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
};

/** Only true/false (as @actions/core and YAML 1.2 spell them): yes/no/1/0 are mistakes, not booleans. */
export function readBoolean<O extends InputOptions<boolean>>(
  name: string,
  options?: O,
): InputValue<boolean, O> {
  return readInput(name, options, 'true', (text, fail) => {
    const value = BOOLEANS[text];
    if (value === undefined) fail(`${quoteValue(text)} is not a boolean: use true or false`);
    return value as boolean;
  });
}

export interface IntegerOptions extends InputOptions<number> {
  min?: number;
  max?: number;
}

export function readInteger<O extends IntegerOptions>(name: string, options?: O): InputValue<number, O> {
  const example = String(options?.min ?? 1);
  return readInput(name, options, example, (text, fail) => {
    if (!/^[+-]?\d+$/.test(text)) fail(`${quoteValue(text)} is not a whole number`);
    const value = Number(text);
    if (!Number.isSafeInteger(value)) fail(`${quoteValue(text)} is too large`);
    if (options?.min !== undefined && value < options.min)
      fail(`${value} is below the minimum ${options.min}`);
    if (options?.max !== undefined && value > options.max)
      fail(`${value} is above the maximum ${options.max}`);
    return value;
  });
}

export interface DurationOptions extends InputOptions<number> {
  minMs?: number;
  maxMs?: number;
}

/** A duration such as 90s, 10m or 1h30m, returned in milliseconds. */
export function readDuration<O extends DurationOptions>(name: string, options?: O): InputValue<number, O> {
  return readInput(name, options, '10m (also 90s, 1h30m, 500ms)', (text, fail) => {
    let ms = 0;
    try {
      ms = parseDuration(text);
    } catch (error) {
      fail(`is not a duration: ${(error as Error).message} (units: ms, s, m, h, d)`);
    }
    if (options?.minMs !== undefined && ms < options.minMs)
      fail(`${quoteValue(text)} is shorter than allowed`);
    if (options?.maxMs !== undefined && ms > options.maxMs)
      fail(`${quoteValue(text)} is longer than allowed`);
    return ms;
  });
}

/** One of a fixed set of values, matched case-insensitively and returned as spelled in the set. */
export function readEnum<T extends string, O extends InputOptions<T>>(
  name: string,
  values: readonly T[],
  options?: O,
): InputValue<T, O> {
  return readInput(name, options, values[0] as string, (text, fail) => {
    const value = values.find((v) => v.toLowerCase() === text.toLowerCase());
    if (value === undefined) fail(`${quoteValue(text)} is not one of: ${values.join(', ')}`);
    return value as T;
  });
}
