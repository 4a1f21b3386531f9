// The gate of the docker tests: skip with a reason on a developer machine, fail in CI.
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { requireParts } from '@shipline/local-services/testing';

const ci = process.env.CI;
afterEach(() => {
  if (ci === undefined) delete process.env.CI;
  else process.env.CI = ci;
  jest.restoreAllMocks();
});

describe('requireParts', () => {
  it('is true when every part is there', () => {
    expect(requireParts('x', { ok: true }, { ok: true })).toBe(true);
  });

  it('on a developer machine, says what is missing and skips', () => {
    delete process.env.CI;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(
      requireParts(
        'docker e2e',
        { ok: true },
        { ok: false, reason: 'no docker daemon (docker info: refused)' },
      ),
    ).toBe(false);
    expect(warn).toHaveBeenCalledWith('skipping: docker e2e: no docker daemon (docker info: refused)');
  });

  it('in CI, fails instead of skipping', () => {
    process.env.CI = 'true';
    expect(() => requireParts('docker e2e', { ok: false, reason: 'no docker-registry binary' })).toThrow(
      'CI must run the docker tests, but docker e2e: no docker-registry binary',
    );
  });
});
