import { describe, expect, it } from '@jest/globals';
import { run } from '../src/run.js';

describe('run', () => {
  it('greets', async () => {
    const result = await run({ name: 'Octocat', greeting: 'Hi' }, { signal: new AbortController().signal });
    expect(result.message).toBe('Hi, Octocat!');
  });
});
