// How long each step of a simulated task's life takes, and the overrides a caller may give.

/** Simulated seconds (what Timings holds) in the clock's milliseconds. */
export const seconds = (value: number) => value * 1000;

/** How long each step of a task's life takes, in simulated seconds. */
export interface Timings {
  /** PROVISIONING → PENDING (ENI attach). */
  provisioning: number;
  /** PENDING → RUNNING (image pull + container start), plus a scenario's slow-start. */
  pending: number;
  /** RUNNING → health check HEALTHY (the task starts serving). */
  healthCheck: number;
  /** UNHEALTHY → ECS stops the task (health check retries). */
  unhealthyStop: number;
  /** DEACTIVATING (load balancer deregistration) → STOPPING. */
  deactivating: number;
  /** STOPPING → STOPPED. */
  stopping: number;
  /** Wait between launches of a FAILED deployment that keeps trying (breaker without rollback). */
  failedRelaunch: number;
}

export const defaultTimings: Timings = {
  provisioning: 5,
  pending: 10,
  healthCheck: 15,
  unhealthyStop: 10,
  deactivating: 5,
  stopping: 5,
  failedRelaunch: 30,
};

export function resolveTimings(overrides: Partial<Timings> = {}): Timings {
  const timings = { ...defaultTimings };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in defaultTimings)) {
      throw new Error(`unknown timing '${key}' (known: ${Object.keys(defaultTimings).join(', ')})`);
    }
    if (typeof value !== 'number' || !(value >= 0))
      throw new Error(`timing ${key} must be a number >= 0, got ${value}`);
    timings[key as keyof Timings] = value;
  }
  // A zero-length launch would let a crash loop spin without simulated time passing.
  if (timings.provisioning + timings.pending <= 0)
    throw new Error('timings provisioning + pending must be > 0');
  return timings;
}
