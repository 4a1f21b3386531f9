// notify-pagerduty (bundled dist against the PagerDuty stand-in): trigger, resolve, change, cuts, 400s.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startPagerDuty, type PagerDutyStandIn } from '@shipline/local-services/pagerduty';
import { page } from './support.js';

let pd: PagerDutyStandIn;
beforeAll(async () => {
  pd = await startPagerDuty();
});
afterAll(() => pd.close());
beforeEach(() => {
  pd.clearScripts();
  pd.requests.splice(0);
  pd.alerts.clear();
  pd.changes.splice(0);
});

const trigger = {
  'event-action': 'trigger',
  severity: 'critical',
  environment: 'production',
  summary: 'acme/shop production is down: v42 and the rollback to v41 failed their smoke tests',
  version: 'v41',
  'failure-reason': 'smoke test failed: /health answered 503\nrollback: smoke test failed too',
  'stopped-tasks':
    '[{"taskArn":"arn:aws:ecs:eu-west-1:1:task/c/1a2b","stoppedReason":"Essential container exited"}]',
  component: 'shop-web',
  class: 'deploy',
};

describe('notify-pagerduty (bundled dist against the PagerDuty stand-in)', () => {
  it('triggers an alert with a stable dedup_key, custom details and a link to the run', async () => {
    const run = await page(pd, trigger);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ 'dedup-key': 'acme/shop/production', status: 'success' });
    const alert = pd.alerts.get('acme/shop/production');
    expect(alert).toMatchObject({ status: 'triggered', severity: 'critical', summary: trigger.summary });
    expect(alert?.payload).toMatchObject({
      source: 'acme/shop production',
      component: 'shop-web',
      class: 'deploy',
      custom_details: {
        repository: 'acme/shop',
        environment: 'production',
        version: 'v41',
        commit: '0123456789abcdef0123456789abcdef01234567',
        run_url: 'https://github.com/acme/shop/actions/runs/4242',
        failure_reason: trigger['failure-reason'],
        stopped_tasks: [
          { taskArn: 'arn:aws:ecs:eu-west-1:1:task/c/1a2b', stoppedReason: 'Essential container exited' },
        ],
      },
    });
    expect(alert?.links).toEqual([
      { href: 'https://github.com/acme/shop/actions/runs/4242', text: 'GitHub Actions run' },
      {
        href: 'https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567',
        text: 'Commit 0123456',
      },
    ]);
    expect(run.summary).toContain('PagerDuty accepted the trigger (critical)');
  });

  it('resolves the alert the trigger opened, by the same default key', async () => {
    await page(pd, trigger);
    const run = await page(pd, { 'event-action': 'resolve', environment: 'production' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ 'dedup-key': 'acme/shop/production', status: 'success' });
    expect(pd.alerts.get('acme/shop/production')).toMatchObject({
      status: 'resolved',
      actions: ['trigger', 'resolve'],
    });
    expect(pd.openAlerts()).toHaveLength(0);
  });

  it('records a change event on /v2/change/enqueue', async () => {
    const run = await page(pd, {
      'event-action': 'change',
      environment: 'production',
      version: 'v42',
      summary: 'Deployed v42 to production (acme/shop): failed, rolled back to v41',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ 'dedup-key': '', status: 'success' });
    expect(pd.requestsTo('change')).toHaveLength(1);
    expect(pd.changes[0]).toMatchObject({
      payload: { summary: expect.stringContaining('Deployed v42'), custom_details: { version: 'v42' } },
      links: [
        { href: 'https://github.com/acme/shop/actions/runs/4242', text: 'GitHub Actions run' },
        {
          href: 'https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567',
          text: 'Commit 0123456',
        },
      ],
    });
    expect(pd.openAlerts()).toHaveLength(0);
  });

  it('cuts a summary over 1024 characters visibly, with a warning', async () => {
    const run = await page(pd, { ...trigger, summary: `down: ${'x'.repeat(2_000)}` });
    expect(run.exitCode).toBe(0);
    const summary = pd.alerts.get('acme/shop/production')?.summary ?? '';
    expect(summary.length).toBeLessThanOrEqual(1_024);
    expect(summary).toMatch(/ … \[\+\d+ chars cut\]$/);
    expect(run.warnings.join('\n')).toContain('summary is 2006 characters; PagerDuty takes 1024');
  });

  it('fails naming the field when PagerDuty answers 400, without retrying', async () => {
    // The stand-in knows one key: another well-formed key passes the input check and is refused there.
    const run = await page(pd, { ...trigger, 'routing-key': 'R'.repeat(32) }, { asSecret: true });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('invalid');
    expect(run.errors.join('\n')).toMatch(
      /HTTP 400 invalid event\): 'routing_key' is not a known integration key .*check input routing-key/,
    );
    expect(pd.requests).toHaveLength(1);
  });

  it('waits out a 429 (Retry-After) and a second one without it, then gets the 202', async () => {
    pd.script({ retryAfter: 1 }, { retryAfter: null });
    const run = await page(pd, trigger);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('success');
    expect(pd.requests.map((r) => r.answer)).toEqual(['429', '429', '202']);
    // Retry-After is honoured: the second attempt comes no earlier than the server asked.
    const [first, second] = pd.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(run.log).toContain('waiting 1s as Retry-After asks');
  });

  it('fails the step when 5xx answers outlast the retry budget, and only warns with fail-on-error false', async () => {
    pd.script(...Array<number>(100).fill(503));
    const run = await page(pd, { ...trigger, 'retry-budget': '2s' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toEqual({ 'dedup-key': 'acme/shop/production', status: 'failed' });
    expect(run.errors.join('\n')).toMatch(
      /retry budget of 2s ran out after \d+ attempts; last: PagerDuty answered HTTP 503/,
    );
    expect(pd.requests.length).toBeGreaterThan(1);
    expect(pd.openAlerts()).toHaveLength(0);

    pd.requests.splice(0);
    const lenient = await page(pd, { ...trigger, 'retry-budget': '1s', 'fail-on-error': 'false' });
    expect(lenient.exitCode).toBe(0);
    expect(lenient.outputs.status).toBe('failed');
    expect(lenient.warnings.join('\n')).toContain('The step succeeds because fail-on-error is false');
  });
});
