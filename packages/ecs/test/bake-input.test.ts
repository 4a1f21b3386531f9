// bake-time: reading the input and checking it against wait and timeout.
import { afterEach, describe, expect, it } from '@jest/globals';
import { InputError } from '@shipline/toolkit';
import { checkBakeTime, readBakeTime } from '../src/index.js';

const ENV = 'INPUT_BAKE-TIME';
const withInput = (value: string) => {
  process.env[ENV] = value;
  return readBakeTime();
};
afterEach(() => {
  delete process.env[ENV];
});

describe('readBakeTime', () => {
  it('reads 0 (off, with or without a unit), nothing at all as 0, and durations up to 1h', () => {
    expect(withInput('0')).toBe(0);
    expect(withInput('0s')).toBe(0);
    delete process.env[ENV];
    expect(readBakeTime()).toBe(0);
    expect(withInput('90s')).toBe(90_000);
    expect(withInput('1h')).toBe(3_600_000);
  });

  it.each([
    ['soon', /is not a duration/],
    ['5', /has no unit/],
    ['500ms', /shorter than 1s: use 0 to turn the bake off/],
    [
      '61m',
      /longer than the 1h maximum: for longer, use ECS's own bake \(deploymentConfiguration.bakeTimeInMinutes/,
    ],
  ])('refuses %s, naming the input and a good value', (value, says) => {
    let error: unknown;
    try {
      withInput(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(says);
    expect((error as InputError).message).toMatch(/bake-time/);
    expect((error as InputError).message).toMatch(/5m \(0 turns the bake off\)/);
  });
});

describe('checkBakeTime', () => {
  it('needs wait: true, and timeout + bake-time within a 6 h job', () => {
    expect(() => checkBakeTime({ bakeTimeMs: 0, timeoutMs: 6 * 3_600_000, wait: false })).not.toThrow();
    expect(() => checkBakeTime({ bakeTimeMs: 60_000, timeoutMs: 30 * 60_000, wait: true })).not.toThrow();
    expect(() => checkBakeTime({ bakeTimeMs: 60_000, timeoutMs: 30 * 60_000, wait: false })).toThrow(
      /needs wait: true/,
    );
    expect(() => checkBakeTime({ bakeTimeMs: 60 * 60_000, timeoutMs: 5.5 * 3_600_000, wait: true })).toThrow(
      /plus timeout \(5h 30m\) is more than 6h/,
    );
  });
});
