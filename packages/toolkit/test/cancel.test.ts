// watchCancellation, sleep and abortReason: SIGINT/SIGTERM end waits with CancelledError.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { CancelledError, FakeClock, sleep, watchCancellation } from '../src/index.js';

describe('watchCancellation', () => {
  it('aborts on the first SIGINT or SIGTERM with the signal name', () => {
    const proc = new EventEmitter();
    const cancellation = watchCancellation(proc);
    expect(cancellation.signal.aborted).toBe(false);
    proc.emit('SIGTERM');
    proc.emit('SIGINT');
    expect(cancellation.signal.aborted).toBe(true);
    expect(cancellation.signal.reason).toBeInstanceOf(CancelledError);
    expect((cancellation.signal.reason as CancelledError).reason).toBe('SIGTERM');
    cancellation.dispose();
    expect(proc.listenerCount('SIGINT')).toBe(0);
  });

  it('ends a sleep within milliseconds of the signal', async () => {
    const proc = new EventEmitter();
    const { signal } = watchCancellation(proc);
    setTimeout(() => proc.emit('SIGINT'), 20);
    const started = Date.now();
    await expect(sleep(60_000, signal)).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(10_000); // not the 60 s sleep; margin for a busy machine
  });
});

describe('sleep', () => {
  it('rejects at once when already aborted', async () => {
    await expect(sleep(10, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
  it('resolves after the time', async () => {
    await expect(sleep(5)).resolves.toBeUndefined();
  });
});

describe('FakeClock', () => {
  it('wakes sleepers in time order when advanced by hand', async () => {
    const clock = new FakeClock(0, false);
    const woke: string[] = [];
    void clock.sleep(200).then(() => woke.push(`b@${clock.now()}`));
    void clock.sleep(100).then(() => woke.push(`a@${clock.now()}`));
    await clock.advance(150);
    expect(woke).toEqual(['a@100']);
    await clock.advance(100);
    expect(woke).toEqual(['a@100', 'b@200']);
    expect(clock.now()).toBe(250);
  });
});
