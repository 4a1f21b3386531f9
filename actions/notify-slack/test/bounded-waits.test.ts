// notify-slack's waits are bounded (bundled dist): cancellation, stalled connections, a silent Slack.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNoLeaks, runAction } from '@shipline/action-harness';
import { startSlack, type SlackStandIn } from '@shipline/local-services/slack';
import { actionDir, context, notify } from './support.js';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlack();
});
afterAll(() => slack.close());

describe('notify-slack waits are bounded', () => {
  it('a cancelled job stops the Retry-After wait within a second', async () => {
    slack.script('webhook', { retryAfter: 20 });
    const started = Date.now();
    const run = await runAction({
      actionDir,
      inputs: { 'webhook-url': slack.webhookUrl, status: 'started' },
      secrets: [slack.webhookUrl],
      context,
      cancelAfterMs: 1_500,
    });
    expect(run.conclusion).toBe('cancelled');
    expectNoLeaks(run);
    expect(Date.now() - started).toBeLessThan(2_500); // cancelled at 1.5 s
    expect(run.stages[0]?.signalsSent).toEqual(['SIGINT']);
    expect(run.errors.join('\n')).toContain('cancelled (SIGINT)');
    expect(slack.requestsTo('webhook')).toHaveLength(1);
  });

  it('a stalled connection uses at most 10 s of the budget: the next attempt delivers', async () => {
    slack.script('webhook', 'hang');
    const started = Date.now();
    const run = await notify(slack, 'webhook', { status: 'success', 'retry-budget': '25s' });
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
    expect(took).toBeLessThan(15_000);
  }, 30_000);

  it('a Slack that never answers cannot hold the step beyond the budget (at least 3 s per attempt)', async () => {
    slack.script('webhook', 'hang', 'hang');
    const started = Date.now();
    const run = await notify(slack, 'webhook', { status: 'success', 'retry-budget': '1s' });
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(run.conclusion).toBe('success');
    expect(run.outputs).toMatchObject({ ok: 'false', error: 'timeout' });
    expect(run.warnings.join('\n')).toMatch(/retry budget of 1s ran out after 1 attempt; last error timeout/);
  });
});
