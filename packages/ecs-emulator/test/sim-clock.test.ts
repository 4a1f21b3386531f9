// SimClock: simulated time runs `scale` times faster than real time, and stands still while held.
import { describe, expect, it } from '@jest/globals';
import { SimClock } from '../src/clock.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SimClock', () => {
  it('stands still while held and resumes from where it stood, never jumping back or ahead', async () => {
    const clock = new SimClock(1_000);
    clock.hold();
    const held = clock.now();
    await sleep(200);
    expect(clock.now()).toBe(held);
    clock.release();
    const resumed = clock.now();
    expect(resumed).toBeGreaterThanOrEqual(held);
    // Resumed from the held moment, not 200 s on (the 200 ms x1000 that passed while held).
    expect(resumed - held).toBeLessThan(100_000);
    await sleep(20);
    expect(clock.now()).toBeGreaterThan(resumed);
  });
});
