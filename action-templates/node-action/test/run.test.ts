// run: the behaviour, called in-process with its deps.
import { describe, expect, it } from '@jest/globals';
import { collectingLog } from '@shipline/toolkit/testing';
import { run } from '../src/run.js';

describe('run', () => {
  it('greets', async () => {
    const deps = { signal: new AbortController().signal, log: collectingLog() };
    const result = await run({ name: 'Octocat', greeting: 'Hi' }, deps);
    expect(result.message).toBe('Hi, Octocat!');
  });
});
