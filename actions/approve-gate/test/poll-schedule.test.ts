// When the gate checks: poll-interval growing while idle, GitHub's x-poll-interval waited at least,
// twice as slow after a rate limit; unit-level on PollSchedule and through runIssueGate with nock.
import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '@shipline/toolkit';
import { isolateNock } from '@shipline/toolkit/testing';
import { idleIntervalMs, PollSchedule } from '../src/poll-schedule.js';
import { START, closes, comment, comments, gate, opens } from './nock-gate.js';

isolateNock();

const idle = { changed: false, rateLimited: false };

describe('PollSchedule', () => {
  it('the default 1s grows to 4s while idle, so a comment is seen within about 4s; 15s grows to 60s', () => {
    expect(idleIntervalMs(1_000)).toBe(4_000);
    expect(idleIntervalMs(15_000)).toBe(60_000);
    expect(idleIntervalMs(300_000)).toBe(300_000);
    const schedule = new PollSchedule(1_000);
    const waits = [{ ...idle, changed: true }, idle, idle, idle, idle, idle].map((o) => schedule.next(o));
    expect(waits).toEqual([1_000, 1_500, 2_250, 3_375, 4_000, 4_000]);
    expect(schedule.next({ ...idle, changed: true })).toBe(1_000);
  });

  it("waits at least GitHub's x-poll-interval, whatever poll-interval says", () => {
    const schedule = new PollSchedule(1_000);
    expect(schedule.next({ ...idle, askedIntervalMs: 60_000 })).toBe(60_000);
    expect(schedule.next({ ...idle, changed: true, askedIntervalMs: 5_000 })).toBe(5_000);
    expect(schedule.next(idle)).toBe(1_500);
  });

  it('runs twice as slow after each rate limit, up to a minute', () => {
    const schedule = new PollSchedule(1_000);
    expect(schedule.next({ ...idle, rateLimited: true })).toBe(2_000);
    expect(schedule.next(idle)).toBe(3_000);
    expect(schedule.next({ ...idle, changed: true })).toBe(2_000);
    const waits = Array.from({ length: 8 }, () => schedule.next({ ...idle, rateLimited: true }));
    expect(waits).toEqual([4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);
  });
});

describe('runIssueGate: the schedule against GitHub', () => {
  it('an x-poll-interval on a 304 delays the next check to it; checks go back to the schedule after', async () => {
    opens();
    const times: number[] = [];
    const clock = new FakeClock(START, true);
    const stamp = () => times.push(clock.now() - START);
    comments()
      .query(true)
      .reply(() => (stamp(), [200, [], { etag: '"p"' }]));
    comments()
      .query(true)
      .reply(() => (stamp(), [304, '', { etag: '"p"', 'x-poll-interval': '60' }]));
    comments()
      .query(true)
      .reply(() => (stamp(), [304, '', { etag: '"p"' }]));
    comments()
      .query(true)
      .reply(() => (stamp(), [200, [comment('alice', 'approve', 70_000)], { etag: '"q"' }]));
    closes(/Approved/, 'completed');
    const g = gate({ pollIntervalMs: 1_000 }, undefined, clock);
    expect((await g.result).status).toBe('approved');
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(gaps).toEqual([1_000, 60_000, 2_250]);
  });

  it('after a secondary rate limit (Retry-After waited) the checks come half as often', async () => {
    opens();
    const times: number[] = [];
    const clock = new FakeClock(START, true);
    const stamp = () => times.push(clock.now() - START);
    comments()
      .query(true)
      .reply(() => (stamp(), [200, [], { etag: '"s"' }]));
    comments()
      .query(true)
      .reply(
        () => (
          stamp(),
          [403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '5' }]
        ),
      );
    comments()
      .query(true)
      .times(2)
      .reply(() => (stamp(), [304, '', { etag: '"s"' }]));
    comments()
      .query(true)
      .reply(() => (stamp(), [200, [comment('alice', 'approve', 20_000)], { etag: '"t"' }]));
    closes(/Approved/, 'completed');
    const g = gate({ pollIntervalMs: 1_000 }, undefined, clock);
    expect((await g.result).status).toBe('approved');
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    // 1s; Retry-After 5s (the retry is a 304); then 2s (twice as slow) and 3s (growing ×1.5).
    expect(gaps).toEqual([1_000, 5_000, 2_000, 3_000]);
  });
});
