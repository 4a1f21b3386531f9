// The single-value input readers: defaults, required inputs, and error messages with examples.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  InputError,
  InputErrors,
  exactlyOne,
  readBoolean,
  readDuration,
  readEnum,
  readInputs,
  readInteger,
  readString,
} from '../src/index.js';
import { withInputs } from './env.js';

let restore = (): void => {};
afterEach(() => restore());
const given = (inputs: Record<string, string>): void => {
  restore = withInputs(inputs);
};

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readString', () => {
  it('reads by the runner name: spaces become underscores, hyphens stay', () => {
    given({ 'task-definition': 'td.json', 'with space': 'x' });
    expect(readString('task-definition')).toBe('td.json');
    expect(process.env['INPUT_WITH_SPACE']).toBe('x');
    expect(readString('with space')).toBe('x');
  });
  it('returns undefined, the default, or a named error when empty', () => {
    given({ empty: '' });
    expect(readString('empty')).toBeUndefined();
    expect(readString('empty', { default: 'd' })).toBe('d');
    const error = errorOf(() => readString('empty', { required: true, example: 'my-cluster' }));
    expect(error.input).toBe('empty');
    expect(error.message).toBe(
      "Input 'empty' is required but was not given. Example of a good value: my-cluster",
    );
  });
  it('checks a pattern and never echoes a secret', () => {
    given({ name: 'Bad Name', token: 'hunter2hunter2' });
    expect(() =>
      readString('name', { pattern: /^[a-z-]+$/, patternHint: 'lowercase letters and hyphens' }),
    ).toThrow(/Input 'name' "Bad Name" must be lowercase letters and hyphens/);
    const error = errorOf(() => readString('token', { pattern: /^xoxb-/, secret: true }));
    expect(error.message).not.toContain('hunter2');
  });
});

describe('readBoolean', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['FALSE', false],
    ['false', false],
  ])('reads %s', (text, value) => {
    given({ flag: text });
    expect(readBoolean('flag')).toBe(value);
  });
  it.each(['yes', 'no', '1', '0', 'on', 'tru'])('refuses %s', (text) => {
    given({ flag: text });
    expect(errorOf(() => readBoolean('flag')).message).toMatch(
      /Input 'flag' ".*" is not a boolean: use true or false/,
    );
  });
  it('uses the default when empty', () => {
    given({ flag: '' });
    expect(readBoolean('flag', { default: true })).toBe(true);
  });
});

describe('readInteger', () => {
  it('reads within bounds', () => {
    given({ n: '7', neg: '-2' });
    expect(readInteger('n', { min: 0, max: 10 })).toBe(7);
    expect(readInteger('neg')).toBe(-2);
  });
  it.each([
    ['1.5', /not a whole number/],
    ['ten', /not a whole number/],
    ['1e3', /not a whole number/],
    ['99999999999999999999', /too large/],
    ['11', /above the maximum 10/],
    ['-1', /below the minimum 0/],
  ])('refuses %s', (text, problem) => {
    given({ n: text });
    expect(errorOf(() => readInteger('n', { min: 0, max: 10 })).message).toMatch(problem);
  });
});

describe('readDuration', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1h 5s', 3_605_000],
  ])('reads %s', (text, ms) => {
    given({ timeout: text });
    expect(readDuration('timeout')).toBe(ms);
  });
  it.each([
    ['30', /no unit/],
    ['ten minutes', /not a duration/],
    ['10x', /not a duration/],
    ['-5m', /not a duration/],
    ['m', /not a duration/],
  ])('refuses %s', (text, problem) => {
    given({ timeout: text });
    const error = errorOf(() => readDuration('timeout'));
    expect(error.message).toMatch(problem);
    expect(error.message).toContain('Example of a good value: 10m');
  });
  it('enforces bounds', () => {
    given({ timeout: '2s' });
    expect(() => readDuration('timeout', { minMs: 5_000 })).toThrow(/shorter than allowed/);
    expect(() => readDuration('timeout', { maxMs: 1_000 })).toThrow(/longer than allowed/);
  });
});

describe('readEnum', () => {
  it('matches case-insensitively and returns the canonical spelling', () => {
    given({ mode: 'Issue' });
    expect(readEnum('mode', ['issue', 'environment'] as const)).toBe('issue');
  });
  it('lists the allowed values', () => {
    given({ mode: 'slack' });
    expect(errorOf(() => readEnum('mode', ['issue', 'environment'] as const)).message).toBe(
      `Input 'mode' "slack" is not one of: issue, environment. Example of a good value: issue`,
    );
  });
});

describe('readInputs and exactlyOne', () => {
  it('reports every bad input at once', () => {
    given({ a: 'x', b: 'maybe', c: '5' });
    try {
      readInputs({ a: () => readInteger('a'), b: () => readBoolean('b'), c: () => readInteger('c') });
      throw new Error('expected InputErrors');
    } catch (error) {
      expect(error).toBeInstanceOf(InputErrors);
      expect((error as InputErrors).errors.map((e) => e.input)).toEqual(['a', 'b']);
    }
  });
  it('returns typed values when all are good', () => {
    given({ a: '1', b: 'true' });
    expect(readInputs({ a: () => readInteger('a', { required: true }), b: () => readBoolean('b') })).toEqual({
      a: 1,
      b: true,
    });
  });
  it('rethrows bugs instead of hiding them as input errors', () => {
    expect(() =>
      readInputs({
        a: () => {
          throw new TypeError('bug');
        },
      }),
    ).toThrow(TypeError);
  });
  it('demands exactly one of several inputs', () => {
    expect(exactlyOne({ 'task-definition': undefined, 'task-definition-arn': 'arn' }, 'x')).toBe(
      'task-definition-arn',
    );
    expect(() => exactlyOne({ a: undefined, b: undefined }, 'x')).toThrow(
      /Input 'a' is missing: give exactly one of 'a', 'b'/,
    );
    expect(() => exactlyOne({ a: '1', b: '2', c: undefined }, 'x')).toThrow(/Input 'a' conflicts with 'b'/);
  });
});

describe('one-line inputs', () => {
  it('refuse a line break, naming the input and without echoing the value (finding 3)', () => {
    given({ environment: 'production\n::error::injected', count: '3\r4' });
    const error = errorOf(() => readString('environment', { example: 'production' }));
    expect(error.message).toBe(
      "Input 'environment' has a line break (CR or LF): a good value is one line. Example of a good value: production",
    );
    expect(errorOf(() => readInteger('count')).input).toBe('count');
    expect(errorOf(() => readEnum('environment', ['staging', 'production'])).problem).toMatch(/one line/);
  });
  it('accept line breaks when the input is multi-line by design', () => {
    given({ body: 'first\nsecond' });
    expect(readString('body', { multiline: true })).toBe('first\nsecond');
  });
});
