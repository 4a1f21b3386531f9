// notify-slack against 429s, 5xx and resets (bundled dist): retried within the budget.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startSlack, type SlackStandIn } from '@shipline/local-services/slack';
import { notify, type Mode } from './support.js';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlack();
});
afterAll(() => slack.close());
beforeEach(() => {
  slack.requests.splice(0);
  slack.clearScripts();
});

const step = { status: 'success', environment: 'production', version: 'v3' };
const endpointOf = (mode: Mode) => (mode === 'webhook' ? 'webhook' : 'chat.postMessage');

describe.each<Mode>(['webhook', 'bot'])('notify-slack retries (%s)', (mode) => {
  it('429 with Retry-After: 2 is retried after 2 s, not before', async () => {
    slack.script(endpointOf(mode), { retryAfter: 2 });
    const run = await notify(slack, mode, step);
    expect(run.outputs.ok).toBe('true');
    const [first, second] = slack.requests;
    expect(slack.requests.map((r) => r.answer)).toEqual(['429', 'ok']);
    const gap = (second?.at ?? 0) - (first?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(2_000);
    expect(gap).toBeLessThanOrEqual(2_300);
    expect(run.log).toMatch(/Attempt 1: rate_?limited .*; waiting 2s as Retry-After asks/);
  });

  it('500, then a connection reset, then ok: delivered on the third attempt', async () => {
    slack.script(endpointOf(mode), 500, 'reset');
    const run = await notify(slack, mode, step);
    expect(run.outputs).toMatchObject({ ok: 'true', error: '' });
    expect(slack.requests.map((r) => r.answer)).toEqual(['500', 'reset', 'ok']);
    expect(run.log).toMatch(/Attempt 1: http_500/);
    expect(run.log).toMatch(/Attempt 2: connection_error/);
    expect(run.summary).toMatch(/\| attempts \| 3 \|/);
  });

  it('retry budget exhausted: ok=false, a warning annotation and a summary line; the step succeeds', async () => {
    slack.script(endpointOf(mode), ...Array<number>(40).fill(503));
    const run = await notify(slack, mode, { ...step, 'retry-budget': '2s' });
    expect(run.conclusion).toBe('success');
    expect(run.outputs).toEqual({ ok: 'false', ts: '', channel: '', error: 'http_503' });
    expect(run.warnings.join('\n')).toMatch(
      /Slack notification failed: the retry budget of 2s ran out after \d+ attempts; last error http_503/,
    );
    expect(run.summary).toContain('Slack notification failed (success): http_503');
    expect(slack.requests.length).toBeGreaterThan(1);
  });

  it('a Retry-After beyond the budget gives up at once instead of waiting', async () => {
    slack.script(endpointOf(mode), { retryAfter: 120 });
    const run = await notify(slack, mode, { ...step, 'retry-budget': '10s', 'fail-on-error': 'true' });
    // Within the 10 s budget, let alone the 2 minutes asked, from the moment Slack answered (the
    // action's own start on a busy machine is not what is measured).
    expect(performance.now() - slack.requests[0]!.at).toBeLessThan(10_000);
    expect(run.conclusion).toBe('failure');
    expect(run.errors.join('\n')).toMatch(/asked to wait 2m 00s, beyond the retry budget of 10s/);
    expect(slack.requests).toHaveLength(1);
  });

  it.each(['invalid_payload', 'invalid_auth', 'no_service'])(
    '%s fails at once without a retry',
    async (code) => {
      slack.script(endpointOf(mode), { error: code });
      const run = await notify(slack, mode, { ...step, 'fail-on-error': 'true' });
      expect(run.conclusion).toBe('failure');
      expect(run.outputs).toMatchObject({ ok: 'false', error: code });
      expect(run.errors.join('\n')).toContain(`Slack refused the message: ${code}`);
      expect(slack.requests).toHaveLength(1);
    },
  );
});
