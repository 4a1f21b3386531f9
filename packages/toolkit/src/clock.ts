// Time as a dependency: the system clock, and a FakeClock tests move by hand.
import { sleep } from './cancel.js';

/** Time as the retry and polling helpers see it; tests and simulations pass a FakeClock. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, signal),
};

/**
 * A clock whose time moves only when something sleeps on it (auto-advance) or when advance() is
 * called: hours of waiting run in microseconds, deterministically.
 */
export class FakeClock implements Clock {
  private current: number;
  private readonly timers: { at: number; resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(
    start = Date.UTC(2026, 0, 1),
    private readonly autoAdvance = true,
  ) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.autoAdvance) {
      this.current += Math.max(0, ms);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = { at: this.current + Math.max(0, ms), resolve, reject };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }

  /** Moves time forward, waking every sleeper whose time has come, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.current = next.at;
      next.resolve();
      await new Promise((r) => setImmediate(r));
    }
    this.current = target;
  }
}
