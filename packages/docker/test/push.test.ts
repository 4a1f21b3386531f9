// Pushing with retries: which failures are tried again, digests read from the output.
import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '@shipline/toolkit';
import {
  explainPushFailure,
  isTransientPushError,
  parsePushDigest,
  pushTag,
  PushError,
  withPushRetries,
  type Exec,
  type ExecResult,
} from '../src/index.js';

describe('which push failures are worth another attempt', () => {
  it.each([
    'blob upload unknown: blob upload unknown to registry',
    'error parsing HTTP 404 response body: BLOB_UPLOAD_UNKNOWN',
    'Put "https://r/v2/app/blobs/uploads/x": read tcp 10.0.0.2:443: read: connection reset by peer',
    'Patch "https://r/v2/app/blobs/uploads/x": EOF',
    'net/http: TLS handshake timeout',
    'dial tcp 10.0.0.2:443: i/o timeout',
    'received unexpected HTTP status: 503 Service Unavailable',
    'received unexpected HTTP status: 500 Internal Server Error',
    '502 Bad Gateway',
    'toomanyrequests: Rate exceeded',
    'unexpected EOF',
  ])('transient: %s', (output) => expect(isTransientPushError(output)).toBe(true));

  it.each([
    'unauthorized: authentication required',
    'no basic auth credentials',
    'denied: requested access to the resource is denied',
    "name unknown: The repository with name 'app' does not exist in the registry with id '1'",
    "tag invalid: The image tag 'v1' already exists in the 'app' repository and cannot be overwritten because the repository is immutable.",
    'manifest invalid: manifest invalid',
    'dial tcp 127.0.0.1:5999: connect: connection refused',
    'An image does not exist locally with the tag: r/app',
    // A permanent reason wins over a transient-looking line in the same output.
    'received unexpected HTTP status: 503 Service Unavailable\nunauthorized: authentication required',
  ])('permanent: %s', (output) => expect(isTransientPushError(output)).toBe(false));

  it("explains failures in words, with docker's last lines", () => {
    expect(explainPushFailure('abc123def456: Preparing\nno basic auth credentials')).toBe(
      'the registry refused the credentials (not logged in, wrong password or an expired token) (docker said: no basic auth credentials)',
    );
    expect(explainPushFailure("name unknown: The repository with name 'app' does not exist")).toMatch(
      /^the repository does not exist on the registry \(ECR does not create repositories on push: create it first\)/,
    );
    expect(explainPushFailure('received unexpected HTTP status: 502 Bad Gateway')).toMatch(
      /^a transient registry error/,
    );
    expect(explainPushFailure('')).toBe('docker said: no output');
  });

  it('reads the digest docker push reports', () => {
    const digest = `sha256:${'c'.repeat(64)}`;
    expect(parsePushDigest(`v1: digest: ${digest} size: 528`)).toBe(digest);
    expect(parsePushDigest('nothing')).toBeUndefined();
  });
});

/** An exec that answers from a script, one result per call, and records the calls. */
function scripted(results: Partial<ExecResult>[]) {
  const calls: string[][] = [];
  const exec: Exec = async (command, args) => {
    calls.push([command, ...args]);
    const next = results.shift() ?? {};
    return { exitCode: 0, stdout: '', stderr: '', ...next };
  };
  return { exec, calls };
}

describe('withPushRetries / pushTag', () => {
  it('retries transient failures with backoff and says so before each wait', async () => {
    const { exec, calls } = scripted([
      { exitCode: 1, stderr: 'blob upload unknown: blob upload unknown to registry' },
      { exitCode: 1, stderr: 'received unexpected HTTP status: 503 Service Unavailable' },
      { stdout: `abc: digest: sha256:${'d'.repeat(64)} size: 1` },
    ]);
    const clock = new FakeClock();
    const started = clock.now();
    const notices: { attempt: number; reason: string; delayMs: number }[] = [];
    const result = await pushTag(exec, 'r/app:abc', { retries: 3, clock, onRetry: (n) => notices.push(n) });
    expect(result).toEqual({ attempts: 3, reportedDigest: `sha256:${'d'.repeat(64)}` });
    expect(calls).toEqual(Array.from({ length: 3 }, () => ['docker', 'push', 'r/app:abc']));
    expect(notices.map((n) => n.attempt)).toEqual([1, 2]);
    expect(notices[0]?.reason).toMatch(/^a transient registry error \(docker said: blob upload unknown/);
    // It waited between attempts: exactly the announced delays, each within the backoff ceiling.
    expect(clock.now() - started).toBe(notices.reduce((sum, n) => sum + n.delayMs, 0));
    expect(notices.every((n, i) => n.delayMs >= 0 && n.delayMs <= 2_000 * 2 ** i)).toBe(true);
  });

  it('fails at once on a permanent error', async () => {
    const { exec, calls } = scripted([
      { exitCode: 1, stderr: 'denied: requested access to the resource is denied' },
    ]);
    await expect(pushTag(exec, 'r/app:abc', { retries: 3, clock: new FakeClock() })).rejects.toThrow(
      'docker push r/app:abc failed: access denied: the credentials may not push to this repository',
    );
    expect(calls).toHaveLength(1);
  });

  it('gives up after retries + 1 attempts and says how to try longer', async () => {
    const { exec, calls } = scripted(
      Array.from({ length: 5 }, () => ({ exitCode: 1, stderr: 'connection reset by peer' })),
    );
    const error = await withPushRetries(
      'docker push r/app:abc',
      () => exec('docker', ['push', 'r/app:abc']),
      {
        retries: 2,
        clock: new FakeClock(),
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushError);
    expect((error as Error).message).toMatch(
      /^docker push r\/app:abc failed after 3 attempts: a transient registry error .*raise 'retries' to try longer/,
    );
    expect(calls).toHaveLength(3);
  });

  it('retries 0 means one attempt', async () => {
    const { exec, calls } = scripted([{ exitCode: 1, stderr: '503 Service Unavailable' }]);
    await expect(pushTag(exec, 'r/app:abc', { retries: 0, clock: new FakeClock() })).rejects.toThrow(
      /failed: a transient/,
    );
    expect(calls).toHaveLength(1);
  });
});
