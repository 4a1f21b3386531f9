// The load balancer's health check of one target (a container's published port), as an ALB target
// group does it (AWS: "Health checks for Application Load Balancer target groups"): a new target
// becomes healthy after one passed check, unhealthy after UnhealthyThresholdCount failures in a
// row, and healthy again after HealthyThresholdCount passes. Checks are real HTTP GETs.
import { request } from 'node:http';
import { realSeconds } from './container-spec.js';

export interface TargetHealthCheck {
  /** Default '/'. */
  path?: string;
  /** Default 30 (simulated seconds; mapped to real time by the clock scale, at least 1 s). */
  intervalSeconds?: number;
  /** Default 5 (real seconds: a check's answer is waited for in real time). */
  timeoutSeconds?: number;
  /** Default 5. */
  healthyThreshold?: number;
  /** Default 2. */
  unhealthyThreshold?: number;
  /** HTTP codes counted as healthy: '200' (default), '200,202' or '200-299'. */
  matcher?: string;
}

export type TargetState = 'initial' | 'healthy' | 'unhealthy';

export function matches(matcher: string, status: number): boolean {
  return matcher.split(',').some((part) => {
    const [low, high = low] = part.trim().split('-').map(Number);
    return status >= low! && status <= high!;
  });
}

/** One GET of the health check path: the status code, or undefined (no answer in time). */
function probe(port: number, path: string, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

export class TargetHealth {
  state: TargetState = 'initial';
  /** What the last check found (for events and logs). */
  lastResult = '';
  private passes = 0;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Real time from which failed checks of a target never passed count (STARTUP_SECONDS). */
  private countFailuresFrom: number;

  constructor(
    private readonly port: number,
    private readonly check: Required<TargetHealthCheck>,
    private readonly timing: { scale: number; startupSeconds: number },
    private readonly onChange: () => void,
  ) {
    this.countFailuresFrom = Date.now() + timing.startupSeconds * 1000;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.run(), delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    const status = await probe(this.port, this.check.path, this.check.timeoutSeconds * 1000);
    if (this.stopped) return;
    const passed = status !== undefined && matches(this.check.matcher, status);
    this.lastResult =
      status === undefined
        ? 'Request timed out or connection refused'
        : `Health checks failed with these codes: [${status}]`;
    const before = this.state;
    if (passed) {
      this.failures = 0;
      this.passes++;
      if (this.state === 'initial' || this.passes >= this.check.healthyThreshold) this.state = 'healthy';
    } else if (this.state !== 'initial' || Date.now() >= this.countFailuresFrom) {
      this.passes = 0;
      this.failures++;
      if (this.failures >= this.check.unhealthyThreshold) this.state = 'unhealthy';
    }
    if (this.state !== before) this.onChange();
    this.schedule(realSeconds(this.check.intervalSeconds, this.timing.scale) * 1000);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

export function resolveTargetHealthCheck(check: TargetHealthCheck = {}): Required<TargetHealthCheck> {
  return {
    path: check.path ?? '/',
    intervalSeconds: check.intervalSeconds ?? 30,
    timeoutSeconds: check.timeoutSeconds ?? 5,
    healthyThreshold: check.healthyThreshold ?? 5,
    unhealthyThreshold: check.unhealthyThreshold ?? 2,
    matcher: check.matcher ?? '200',
  };
}
