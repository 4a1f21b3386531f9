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
  private startEpoch: number;
  private startPerf: number;
  private held = false;

  constructor(scale: number) {
    if (!Number.isFinite(scale) || scale <= 0)
      throw new Error(`clockScale must be a positive number, got ${scale}`);
    this.scale = scale;
    this.startEpoch = Date.now();
    this.startPerf = performance.now();
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    if (this.held) return this.startEpoch;
    return this.startEpoch + (performance.now() - this.startPerf) * this.scale;
  }

  /** Stops simulated time (a test that must act before anything can move); release() resumes it. */
  hold(): void {
    this.startEpoch = this.now();
    this.held = true;
  }

  release(): void {
    this.startPerf = performance.now();
    this.held = false;
  }

  /** Real milliseconds until simulated time `at` (0 when already past). */
  realDelayUntil(at: number): number {
    return Math.max(0, (at - this.now()) / this.scale);
  }
}
