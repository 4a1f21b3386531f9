// run in-process against the PagerDuty stand-in: the event built and sent, a cut summary said,
// retries reported as progress lines; what it logs goes to a collectingLog.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startPagerDuty, type PagerDutyStandIn } from '@shipline/local-services/pagerduty';
import { collectingLog } from '@shipline/toolkit/testing';
import type { PagerDutyOptions } from '../src/inputs.js';
import { run } from '../src/run.js';

let pd: PagerDutyStandIn;
beforeAll(async () => {
  pd = await startPagerDuty();
});
afterAll(() => pd.close());
beforeEach(() => {
  pd.clearScripts();
  pd.requests.splice(0);
});

const options = (over: Partial<PagerDutyOptions> = {}): PagerDutyOptions => ({
  routingKey: pd.routingKey,
  eventAction: 'trigger',
  severity: 'critical',
  summary: 'acme/shop production is down',
  dedupKey: 'acme/shop/production',
  environment: 'production',
  eventsUrl: new URL(pd.url),
  failOnError: true,
  retryBudgetMs: 30_000,
  ...over,
});
const deps = () => ({
  signal: new AbortController().signal,
  log: collectingLog(),
  now: new Date(Date.UTC(2026, 0, 1)),
});

describe('run', () => {
  it('sends the event in one group and returns it with the outcome', async () => {
    const d = deps();
    const result = await run(options(), d);
    expect(result.outcome).toMatchObject({
      status: 'success',
      dedupKey: 'acme/shop/production',
      attempts: 1,
    });
    expect(result.event.path).toBe('/v2/enqueue');
    expect(d.log.groups).toEqual(['Send trigger dedup_key acme/shop/production to /v2/enqueue']);
    expect(d.log.warnings).toEqual([]);
  });

  it('warns when the summary was cut, and reports a retried 503 as a progress line', async () => {
    pd.script(503);
    const d = deps();
    const result = await run(options({ summary: 'x'.repeat(2_000) }), d);
    expect(result.outcome).toMatchObject({ status: 'success', attempts: 2 });
    expect(d.log.warnings).toEqual(['summary is 2000 characters; PagerDuty takes 1024: it was cut']);
    expect(d.log.infos[0]).toMatch(
      /^Attempt 1: .*503.*; waiting .* backing off, .* of the retry budget left$/,
    );
  });
});
