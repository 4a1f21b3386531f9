// The daemon's event stream, kept open: when it ends without being asked (dockerd restarted, the
// connection dropped), it is opened again a second later and `onResumed` runs, so whoever listens
// can read again what it may have missed meanwhile.
import type { DockerEngine, EngineEvent } from './docker-engine.js';

const RETRY_MS = 1000;

export class EventWatch {
  private current: { stop(): void } | undefined;
  private stopped = false;

  constructor(
    private readonly engine: DockerEngine,
    private readonly filters: Record<string, string[]>,
    private readonly onEvent: (event: EngineEvent) => void,
    private readonly onResumed: () => void,
  ) {}

  async start(): Promise<void> {
    this.current = await this.engine.events(this.filters, this.onEvent, () => this.lost());
  }

  private lost(): void {
    if (this.stopped) return;
    const retry = setTimeout(() => {
      if (this.stopped) return;
      this.start().then(
        () => this.onResumed(),
        () => this.lost(),
      );
    }, RETRY_MS);
    retry.unref();
  }

  stop(): void {
    this.stopped = true;
    this.current?.stop();
  }
}
