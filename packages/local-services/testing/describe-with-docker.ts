// Docker tests say why they skip when a part is missing, except in CI (CI=true), where they must run.
import { describe } from '@jest/globals';
import { dockerAvailability, registryAvailability, type Availability } from '../src/docker-host.js';

/**
 * True when every part is available. Otherwise logs "skipping: …" and returns false, or, with
 * CI=true, throws: CI must run these tests (.ci/system-packages installs the parts).
 */
export function requireParts(what: string, ...checks: Availability[]): boolean {
  const missing = checks.filter((c): c is { ok: false; reason: string } => !c.ok).map((c) => c.reason);
  if (missing.length === 0) return true;
  const message = `${what}: ${missing.join('; ')}`;
  if (process.env.CI === 'true') throw new Error(`CI must run the docker tests, but ${message}`);
  console.warn(`skipping: ${message}`);
  return false;
}

/**
 * describe, or describe.skip with a clear "skipping: no docker daemon" when a part is missing:
 * the daemon unless `daemon: false`, docker-registry and htpasswd unless `registry: false`.
 */
export function describeWithDocker(
  name: string,
  body: () => void,
  options: { registry?: boolean; daemon?: boolean } = {},
): void {
  const checks = [
    ...(options.daemon === false ? [] : [dockerAvailability()]),
    ...(options.registry === false ? [] : [registryAvailability()]),
  ];
  (requireParts(name, ...checks) ? describe : describe.skip)(name, body);
}
