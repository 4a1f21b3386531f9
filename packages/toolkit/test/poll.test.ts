// poll: deadline, back-off while nothing changes, cancellation.
import { describe, expect, it } from '@jest/globals';
import { CancelledError, FakeClock, poll, PollTimeoutError } from '../src/index.js';

describe('poll', () => {
  it('backs off while nothing changes and resets when something does', async () => {
    const clock = new FakeClock();
    const states = ['a', 'a', 'a', 'b', 'b', 'done'];
    const waits: number[] = [];
    const value = await poll({
      clock,
      deadline: clock.now() + 60_000,
      minIntervalMs: 1_000,
      maxIntervalMs: 3_000,
      backoffFactor: 2,
      check: async (attempt) => {
        const state = states[attempt - 1] as string;
        return { done: state === 'done', value: state, fingerprint: state };
      },
      onWait: ({ nextInMs }) => waits.push(nextInMs),
    });
    expect(value).toBe('done');
    expect(waits).toEqual([1_000, 2_000, 3_000, 1_000, 2_000]);
  });

  it('never sleeps past the deadline and checks once more there', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const checkedAt: number[] = [];
    const error = await poll({
      clock,
      deadline: start + 2_500,
      minIntervalMs: 2_000,
      check: async () => {
        checkedAt.push(clock.now() - start);
        return { done: false, value: 'waiting', fingerprint: 'same' };
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as PollTimeoutError<string>).lastValue).toBe('waiting');
    expect(checkedAt).toEqual([0, 2_000, 2_500]);
  });

  it('succeeds on the check at the deadline', async () => {
    const clock = new FakeClock();
    const deadline = clock.now() + 1_500;
    const value = await poll({
      clock,
      deadline,
      minIntervalMs: 1_000,
      check: async () => ({ done: clock.now() >= deadline, value: clock.now() }),
    });
    expect(value).toBe(deadline);
  });

  it('stops promptly when the signal aborts mid-wait', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new CancelledError('SIGINT')), 30);
    const started = Date.now();
    await expect(
      poll({
        deadline: Date.now() + 60_000,
        minIntervalMs: 30_000,
        signal: controller.signal,
        check: async () => ({ done: false, value: 0 }),
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(10_000); // not the 30 s wait; margin for a busy machine
  });

  it('lets check errors through for the caller to handle', async () => {
    const clock = new FakeClock();
    await expect(
      poll({
        clock,
        deadline: clock.now() + 1_000,
        check: async () => {
          throw new Error('AccessDenied');
        },
      }),
    ).rejects.toThrow('AccessDenied');
  });
});
