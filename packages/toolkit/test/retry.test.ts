// retry and parseRetryAfter: backoff, deadline, Retry-After, cancellation.
import { describe, expect, it } from '@jest/globals';
import { FakeClock, parseRetryAfter, retry } from '../src/index.js';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter?: string,
  ) {
    super(`HTTP ${status}`);
  }
}

function failing(times: number, error: () => Error): { fn: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    fn: async () => {
      calls++;
      if (calls <= times) throw error();
      return 'ok';
    },
    calls: () => calls,
  };
}

describe('retry', () => {
  it('backs off exponentially with full jitter inside each ceiling', async () => {
    const clock = new FakeClock();
    const delays: number[] = [];
    const { fn } = failing(4, () => new HttpError(503));
    await retry(fn, {
      attempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 500,
      clock,
      random: () => 0.999,
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    expect(delays).toEqual([100, 200, 400, 500]);
  });

  it('waits a random amount between zero and the ceiling', async () => {
    const delays: number[] = [];
    const { fn } = failing(2, () => new HttpError(503));
    await retry(fn, {
      baseDelayMs: 1_000,
      clock: new FakeClock(),
      random: () => 0.25,
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    expect(delays).toEqual([250, 500]);
  });

  it('gives up after the attempts and rethrows the last error unchanged', async () => {
    const { fn, calls } = failing(10, () => new HttpError(500));
    await expect(retry(fn, { attempts: 3, clock: new FakeClock() })).rejects.toMatchObject({ status: 500 });
    expect(calls()).toBe(3);
  });

  it('does not retry what the predicate calls permanent', async () => {
    const { fn, calls } = failing(10, () => new HttpError(400));
    await expect(
      retry(fn, { clock: new FakeClock(), retryable: (e) => (e as HttpError).status >= 500 }),
    ).rejects.toMatchObject({ status: 400 });
    expect(calls()).toBe(1);
  });

  it('waits exactly what Retry-After says, seconds or a date', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const start = clock.now();
    const errors = [new HttpError(429, '3'), new HttpError(429, 'Thu, 01 Jan 2026 12:00:10 GMT')];
    let i = 0;
    const delays: number[] = [];
    await retry(
      async () => {
        if (i < errors.length) throw errors[i++];
        return 'ok';
      },
      {
        clock,
        random: () => 0,
        retryAfterMs: (e) => parseRetryAfter((e as HttpError).retryAfter, clock.now()),
        onRetry: ({ delayMs }) => delays.push(delayMs),
      },
    );
    expect(delays).toEqual([3_000, 7_000]);
    expect(clock.now() - start).toBe(10_000);
  });

  it('gives up at once when the next wait would pass the deadline', async () => {
    const clock = new FakeClock();
    const { fn, calls } = failing(10, () => new HttpError(503));
    const started = clock.now();
    await expect(
      retry(fn, { clock, deadline: clock.now() + 1_000, baseDelayMs: 5_000, random: () => 1 }),
    ).rejects.toMatchObject({ status: 503 });
    expect(calls()).toBe(1);
    expect(clock.now()).toBe(started);
  });

  it('stops when the signal aborts mid-wait', async () => {
    const controller = new AbortController();
    const { fn, calls } = failing(10, () => new HttpError(503));
    setTimeout(() => controller.abort(new Error('stop')), 20);
    const started = Date.now();
    await expect(
      retry(fn, { baseDelayMs: 10_000, random: () => 1, signal: controller.signal }),
    ).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(calls()).toBe(1);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 21, 10, 0, 0);
  it.each([
    ['2', 2_000],
    [' 0 ', 0],
    ['1.5', 1_500],
    ['Sat, 21 Nov 2026 10:00:30 GMT', 30_000],
    ['Sat, 21 Nov 2026 09:59:00 GMT', 0],
  ])('reads %s', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
  it.each([[undefined], [null], [''], ['soon'], ['-1']])('ignores %s', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
