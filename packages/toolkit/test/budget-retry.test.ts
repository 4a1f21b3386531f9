// retryWithinBudget on a fake clock: Retry-After, per-attempt time, refusals, the budget, other errors.
import { describe, expect, it } from '@jest/globals';
import { FakeClock, HttpCallError, retryWithinBudget } from '../src/index.js';

const fail = (status: number, retryable: boolean, retryAfterMs?: number) =>
  new HttpCallError(`http_${status}`, retryable, `HTTP ${status}`, retryAfterMs);

function options(lines: string[], budgetMs = 60_000) {
  return {
    budgetMs,
    signal: new AbortController().signal,
    clock: new FakeClock(),
    callError: HttpCallError,
    describe: (error: HttpCallError) => error.message,
    progress: (line: string) => void lines.push(line),
  };
}

describe('retryWithinBudget', () => {
  it('waits what Retry-After says, then returns the value with attempts and time taken', async () => {
    const lines: string[] = [];
    const timeouts: number[] = [];
    const outcome = await retryWithinBudget(async ({ number, timeoutMs }) => {
      timeouts.push(timeoutMs);
      if (number === 1) throw fail(429, true, 2_000);
      return 'sent';
    }, options(lines));
    expect(outcome).toEqual({ ok: true, value: 'sent', attempts: 2, elapsedMs: 2_000 });
    expect(timeouts).toEqual([10_000, 10_000]);
    expect(lines).toEqual([
      'Attempt 1: HTTP 429; waiting 2s as Retry-After asks, 1m 00s of the retry budget left',
    ]);
  });

  it('ends at once on a call error that is not retryable, returning it', async () => {
    const outcome = await retryWithinBudget(async () => {
      throw fail(400, false);
    }, options([]));
    expect(outcome).toMatchObject({ ok: false, attempts: 1, elapsedMs: 0, error: { message: 'HTTP 400' } });
  });

  it('gives up when the next wait would pass the budget, giving each attempt at least 3 s', async () => {
    const timeouts: number[] = [];
    const outcome = await retryWithinBudget(
      async ({ timeoutMs }) => {
        timeouts.push(timeoutMs);
        throw fail(503, true, 4_000);
      },
      options([], 10_000),
    );
    expect(outcome).toMatchObject({ ok: false, attempts: 3, elapsedMs: 8_000 });
    expect(timeouts).toEqual([10_000, 6_000, 3_000]);
  });

  it('rethrows errors that are not call errors', async () => {
    await expect(
      retryWithinBudget(async () => {
        throw new TypeError('bug');
      }, options([])),
    ).rejects.toThrow('bug');
  });
});
