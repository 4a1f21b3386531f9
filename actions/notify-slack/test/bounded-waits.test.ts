// notify-slack's waits are bounded (bundled dist): cancellation, stalled connections, a silent Slack.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cancelOnLine, expectNoLeaks, runAction } from '@shipline/action-harness';
import { startSlack, type SlackStandIn } from '@shipline/local-services/slack';
import { actionDir, context, notify } from './support.js';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlack();
});
afterAll(() => slack.close());

describe('notify-slack waits are bounded', () => {
  it('a cancelled job stops the Retry-After wait at once, on the SIGINT alone', async () => {
    slack.script('webhook', { retryAfter: 20 });
    // Cancelled once the action says it waits out Retry-After, not after a fixed time (which on
    // a busy machine can come before the first attempt).
    const cancel = cancelOnLine(/^Attempt 1: .*waiting 20s/);
    const run = await runAction({
      actionDir,
      inputs: { 'webhook-url': slack.webhookUrl, status: 'started' },
      secrets: [slack.webhookUrl],
      context,
      signal: cancel.signal,
      onLine: cancel.onLine,
    });
    const waitingSince = cancel.cancelledAt;
    expect(waitingSince).toBeGreaterThan(0);
    expect(run.conclusion).toBe('cancelled');
    expectNoLeaks(run);
    // Stopped by the SIGINT, before the harness escalated to SIGTERM, and far from the 20 s wait.
    expect(run.stages[0]?.signalsSent).toEqual(['SIGINT']);
    expect(Date.now() - waitingSince!).toBeLessThan(20_000);
    expect(run.errors.join('\n')).toContain('cancelled (SIGINT)');
    expect(slack.requestsTo('webhook')).toHaveLength(1);
  });

  it('a stalled connection uses at most 10 s of the budget: the next attempt delivers', async () => {
    slack.script('webhook', 'hang');
    const started = Date.now();
    // A budget wide enough that a slow start on a busy machine leaves room for the second attempt.
    const run = await notify(slack, 'webhook', { status: 'success', 'retry-budget': '60s' });
    const took = Date.now() - started;
    expect(run.outputs).toMatchObject({ ok: 'true', error: '' });
    expect(
      slack
        .requestsTo('webhook')
        .slice(-2)
        .map((r) => r.answer),
    ).toEqual(['hang', 'ok']);
    expect(run.log).toMatch(/Attempt 1: timeout \(Slack did not answer within 10s\)/);
    expect(took).toBeGreaterThanOrEqual(10_000);
  }, 30_000);

  it('a Slack that never answers cannot hold the step beyond the budget (at least 3 s per attempt)', async () => {
    slack.script('webhook', 'hang', 'hang');
    const before = slack.requestsTo('webhook').length;
    const run = await notify(slack, 'webhook', { status: 'success', 'retry-budget': '1s' });
    // Timed from the moment the request reached Slack, not from before the action's process
    // started: on a busy machine the start alone took over a second (6.2 s in all, a loaded CI run).
    const attempts = slack.requestsTo('webhook').slice(before);
    expect(attempts).toHaveLength(1);
    expect(performance.now() - attempts[0]!.at).toBeLessThan(6_000);
    expect(run.conclusion).toBe('success');
    expect(run.outputs).toMatchObject({ ok: 'false', error: 'timeout' });
    expect(run.warnings.join('\n')).toMatch(/retry budget of 1s ran out after 1 attempt; last error timeout/);
  });
});
