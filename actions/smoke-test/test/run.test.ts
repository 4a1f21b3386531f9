// run in-process with a fake transport: URLs, merged headers, concurrency, cancellation, timeouts.
import { describe, expect, it } from '@jest/globals';
import { CancelledError, silentLog } from '@shipline/toolkit';
import { parseChecks } from '../src/checks.js';
import { NoAnswerError, type Answer, type RequestSpec } from '../src/http.js';
import { run } from '../src/run.js';
import type { SmokeOptions } from '../src/types.js';
import { parseVersionSource } from '../src/version.js';

const options = (over: Partial<SmokeOptions> = {}): SmokeOptions => ({
  url: new URL('https://shop.example.com/app/'),
  checks: parseChecks('- /health\n- path: /api?x=1\n  headers: { X-Team: api }'),
  version: { source: parseVersionSource('header:x-app-version'), expected: 'v2' },
  headers: { 'X-Team': 'shop', Authorization: 'Bearer t' },
  requestTimeoutMs: 1_000,
  waitUntilHealthyMs: 10_000,
  samples: 10,
  concurrency: 3,
  maxP95Ms: 500,
  maxErrorRate: 0.01,
  insecureTls: false,
  ...over,
});

/** A fake transport that records what was sent and how many requests were in flight at once. */
function fakeSend(delayMs = 2) {
  const sent: RequestSpec[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async (spec: RequestSpec): Promise<Answer> => {
    sent.push(spec);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    inFlight--;
    return { status: 200, headers: { 'x-app-version': 'v2' }, body: '{}', redirects: [], latencyMs: delayMs };
  };
  return { send, sent, maxInFlight: () => maxInFlight };
}

describe('run', () => {
  it('appends paths to the base URL, merges headers (the check wins) and bounds concurrency', async () => {
    const fake = fakeSend();
    const result = await run(options(), {
      signal: new AbortController().signal,
      log: silentLog,
      send: fake.send,
    });
    expect(result.checks.map((c) => [c.healthy, c.attempts, c.samples.length])).toEqual([
      [true, 1, 10],
      [true, 1, 10],
    ]);
    expect(fake.sent.map((s) => s.url.href).slice(0, 2)).toEqual([
      'https://shop.example.com/app/health',
      'https://shop.example.com/app/api?x=1',
    ]);
    expect(fake.sent[1]?.headers).toEqual({ 'x-team': 'api', authorization: 'Bearer t' });
    expect(fake.sent).toHaveLength(22);
    expect(fake.maxInFlight()).toBe(3);
  });

  it('keeps what was reached when cancelled', async () => {
    const controller = new AbortController();
    const fake = fakeSend(20);
    setTimeout(() => controller.abort(new CancelledError('SIGTERM')), 30);
    const result = await run(options({ samples: 1_000 }), {
      signal: controller.signal,
      log: silentLog,
      send: async (spec, signal) => {
        signal.throwIfAborted();
        return fake.send(spec);
      },
    });
    expect(result.cancelled).toBe('SIGTERM');
    expect(result.checks.every((c) => c.healthy)).toBe(true);
    expect(fake.sent.length).toBeLessThan(100);
  });
});

describe('run timing', () => {
  it('puts a timed-out request into the latencies at no less than request-timeout', async () => {
    let n = 0;
    // Limits loose enough that the timeout (an error, and slow) does not decide the run early.
    const limits = { maxP95Ms: 5_000, maxErrorRate: 0.5 };
    const result = await run(options({ samples: 4, ...limits, checks: parseChecks('/health') }), {
      signal: new AbortController().signal,
      log: silentLog,
      send: async (spec) => {
        if (++n === 3) throw new NoAnswerError('no answer within request-timeout 1s (hanging)', 'timeout');
        return fakeSend().send(spec);
      },
    });
    const timedOut = result.checks[0]?.samples.find((s) => s.timedOut);
    expect(timedOut?.latencyMs).toBeGreaterThanOrEqual(1_000);
    expect(result.checks[0]?.samples.filter((s) => s.latencyMs !== undefined)).toHaveLength(4);
  });

  it('stops sampling once a check cannot pass, with the requests in flight counted', async () => {
    const fake = fakeSend();
    let n = 0;
    const result = await run(options({ samples: 50, concurrency: 3, checks: parseChecks('/health') }), {
      signal: new AbortController().signal,
      log: silentLog,
      // The 10th request (the 9th sample) answers from v1: a stale version decides the check.
      send: async (spec) =>
        ++n === 10 ? { ...(await fake.send(spec)), headers: { 'x-app-version': 'v1' } } : fake.send(spec),
    });
    expect(result.stoppedEarly).toMatchObject({ planned: 50, check: 'GET /health' });
    expect(result.stoppedEarly?.reason).toMatch(/served another version/);
    // Those already sent when the 9th came back (at most concurrency - 1 more) are kept; none after.
    const samples = result.checks[0]!.samples.length;
    expect(samples).toBeGreaterThanOrEqual(9);
    expect(samples).toBeLessThanOrEqual(11);
    expect(fake.sent.length).toBe(1 + samples);
  });
});
