// deliver: the retry policy on a fake clock (Retry-After, backoff, budget, refusals, cancellation).
import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '@shipline/toolkit';
import { deliver } from '../src/delivery.js';
import { SlackCallError, type Target } from '../src/transport.js';

const target: Target = { kind: 'webhook', url: new URL('https://hooks.slack.test/services/T/B/x') };

/** A send that plays `answers` in order (an Error is thrown, anything else delivered) and logs call times. */
function scripted(clock: FakeClock, answers: (SlackCallError | { ts: string })[]) {
  const calls: number[] = [];
  const send = async () => {
    calls.push(clock.now());
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return next ?? {};
  };
  return { calls, send };
}

const run = (clock: FakeClock, send: () => Promise<object>, budgetMs = 30_000, progress: string[] = []) =>
  deliver(
    target,
    { text: 'x' },
    {
      retryBudgetMs: budgetMs,
      signal: new AbortController().signal,
      progress: (l) => progress.push(l),
      clock,
      send,
    },
  );

describe('deliver (retry policy, on a fake clock)', () => {
  it('waits exactly Retry-After on 429s, then delivers', async () => {
    const clock = new FakeClock();
    const { calls, send } = scripted(clock, [
      new SlackCallError('rate_limited', true, '429', 7_000),
      new SlackCallError('rate_limited', true, '429', 3_000),
      { ts: '1.000001' },
    ]);
    const result = await run(clock, send);
    expect(result).toMatchObject({ ok: true, attempts: 3, ts: '1.000001', elapsedMs: 10_000 });
    expect(calls.map((t) => t - (calls[0] ?? 0))).toEqual([0, 7_000, 10_000]);
  });

  it('backs off with growing jittered waits on 5xx and Slack-side API errors, within the budget', async () => {
    const clock = new FakeClock();
    const errors = ['http_500', 'internal_error', 'connection_error', 'http_503'].map(
      (c) => new SlackCallError(c, true, c),
    );
    const { calls, send } = scripted(clock, [...errors, { ts: '2.000001' }]);
    const progress: string[] = [];
    const result = await run(clock, send, 30_000, progress);
    expect(result).toMatchObject({ ok: true, attempts: 5 });
    const gaps = calls.slice(1).map((t, i) => t - (calls[i] ?? 0));
    gaps.forEach((gap, i) => expect(gap).toBeLessThanOrEqual(500 * 2 ** i));
    expect(progress[1]).toMatch(/^Attempt 2: internal_error .*backing off, .* of the retry budget left$/);
  });

  it('gives up when the budget is spent and says so', async () => {
    const clock = new FakeClock();
    const send = async () => {
      throw new SlackCallError('http_502', true, 'Slack answered HTTP 502');
    };
    const result = await run(clock, send, 10_000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBe('http_502');
    expect(result.elapsedMs).toBeLessThanOrEqual(10_000);
    expect(result.attempts).toBeGreaterThan(3);
    expect(result.reason).toMatch(/^the retry budget of 10s ran out after \d+ attempts; last error http_502/);
  });

  it('a refusal ends it after one attempt', async () => {
    const clock = new FakeClock();
    const { calls, send } = scripted(clock, [
      new SlackCallError('invalid_payload', false, 'Slack answered HTTP 400: invalid_payload'),
    ]);
    const result = await run(clock, send);
    expect(result).toMatchObject({ ok: false, attempts: 1, error: 'invalid_payload' });
    expect(calls).toHaveLength(1);
  });

  it('rethrows cancellation instead of reporting it as a Slack failure', async () => {
    const controller = new AbortController();
    const clock = new FakeClock(Date.UTC(2026, 0, 1), false);
    const send = async () => {
      throw new SlackCallError('rate_limited', true, '429', 20_000);
    };
    const pending = deliver(
      target,
      { text: 'x' },
      { retryBudgetMs: 60_000, signal: controller.signal, progress: () => {}, clock, send },
    );
    await new Promise((r) => setImmediate(r));
    controller.abort(new Error('SIGINT'));
    await expect(pending).rejects.toThrow('SIGINT');
  });
});
