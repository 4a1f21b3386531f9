// Simulated time that moves only when the code under test sleeps. Give it to startEmulator as
// `clock` and the code under test an actor() as its Clock: an HTTP call takes no simulated time
// however slow this machine is, so what the code sees, and every verdict it reaches, is the same
// on any machine. Between the code's sleeps the test acts with time standing still.
import type { TimeSource } from './clock.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SteppedTime implements TimeSource {
  private current = Date.now();

  now(): number {
    return this.current;
  }

  /** Moves time forward, then lets whatever waits on I/O run. */
  async advance(ms: number): Promise<void> {
    this.current += Math.max(0, ms);
    await nextTurn();
  }

  /** A Clock (the toolkit's shape) for one piece of code under test; sleeping on it moves time. */
  actor(): SteppedActor {
    return new SteppedActor(this);
  }

  /** Moves time `stepMs` at a time until `probe` answers; fails after `limitMs` of simulated time. */
  async until<T>(
    what: string,
    probe: () => T | undefined | false,
    { stepMs = 1_000, limitMs = 3_600_000 } = {},
  ): Promise<T> {
    for (let waited = 0; ; waited += stepMs) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (waited >= limitMs) throw new Error(`${what} did not happen in ${limitMs / 1000} simulated seconds`);
      await this.advance(stepMs);
    }
  }
}

export class SteppedActor {
  private gate: { promise: Promise<void>; open(): void } | undefined;
  /** Held and asleep: the code under test stands still until release(). */
  waiting = false;

  constructor(private readonly time: SteppedTime) {}

  now(): number {
    return this.time.now();
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    while (this.gate) {
      this.waiting = true;
      await this.gate.promise;
    }
    this.waiting = false;
    signal?.throwIfAborted();
    await this.time.advance(ms);
    signal?.throwIfAborted();
  }

  /** Its next sleep waits (time stands still for it) until release(): the test acts meanwhile. */
  hold(): void {
    if (this.gate) return;
    let open = () => {};
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.gate = { promise, open };
  }

  release(): void {
    this.gate?.open();
    this.gate = undefined;
  }
}
