// askedPollIntervalMs: GitHub's x-poll-interval header (seconds) read as milliseconds, or nothing.
import { describe, expect, it } from '@jest/globals';
import { askedPollIntervalMs } from '../src/index.js';

describe('askedPollIntervalMs', () => {
  it('reads x-poll-interval in seconds, as a string or a number', () => {
    expect(askedPollIntervalMs({ 'x-poll-interval': '60' })).toBe(60_000);
    expect(askedPollIntervalMs({ 'x-poll-interval': 5 })).toBe(5_000);
  });

  it('is undefined when the answer does not ask, or asks for nothing sensible', () => {
    expect(askedPollIntervalMs({})).toBeUndefined();
    expect(askedPollIntervalMs({ 'x-poll-interval': 'soon' })).toBeUndefined();
    expect(askedPollIntervalMs({ 'x-poll-interval': '0' })).toBeUndefined();
    expect(askedPollIntervalMs({ 'x-poll-interval': '-3' })).toBeUndefined();
  });
});
