// Simulated time: starts at the real wall clock and runs `scale` times faster. Timestamps the API
// reports are simulated, so durations look real (a 60 s rollout reads as 60 s) while taking
// 60 / scale seconds of real time.
/** Where the simulation reads the time: a SimClock, or one a test moves itself. */
export interface TimeSource {
  /** Simulated epoch milliseconds. */
  now(): number;
}

export class SimClock implements TimeSource {
  readonly scale: number;
  private readonly startEpoch: number;
  private readonly startPerf: number;

  constructor(scale: number) {
    if (!Number.isFinite(scale) || scale <= 0)
      throw new Error(`clockScale must be a positive number, got ${scale}`);
    this.scale = scale;
    this.startEpoch = Date.now();
    this.startPerf = performance.now();
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    return this.startEpoch + (performance.now() - this.startPerf) * this.scale;
  }

  /** Real milliseconds until simulated time `at` (0 when already past). */
  realDelayUntil(at: number): number {
    return Math.max(0, (at - this.now()) / this.scale);
  }
}
