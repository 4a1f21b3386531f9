// notify-pagerduty bad inputs (bundled dist): refused before any call.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startPagerDuty, type PagerDutyStandIn } from '@shipline/local-services/pagerduty';
import { page } from './support.js';

let pd: PagerDutyStandIn;
beforeAll(async () => {
  pd = await startPagerDuty();
});
afterAll(() => pd.close());

describe('notify-pagerduty refuses bad input before any call (bundled dist)', () => {
  it.each([
    [
      'routing-key',
      { 'routing-key': 'not-a-key', summary: 'down' },
      /Input 'routing-key' the given value must be 32 letters/,
    ],
    [
      'event-action',
      { 'event-action': 'close', summary: 'down' },
      /Input 'event-action' "close" is not one of/,
    ],
    ['severity', { severity: 'fatal', summary: 'down' }, /Input 'severity' "fatal" is not one of/],
    ['dedup-key', { 'event-action': 'resolve' }, /Input 'dedup-key' is required for event-action resolve/],
    [
      'dedup-key',
      { 'event-action': 'acknowledge' },
      /Input 'dedup-key' is required for event-action acknowledge/,
    ],
    ['summary', { 'event-action': 'trigger' }, /Input 'summary' is required for event-action trigger/],
    [
      'events-url',
      { 'events-url': 'http://events.pagerduty.com', summary: 'down' },
      /Input 'events-url' is plain http/,
    ],
    ['summary', { summary: 'down\n::error::injected' }, /Input 'summary' has a line break/],
  ])('%s', async (_input, inputs, message) => {
    const before = pd.requests.length;
    const run = await page(pd, inputs as Record<string, string>, { asSecret: true });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(message);
    expect(run.outputs).toEqual({});
    expect(pd.requests.length).toBe(before);
  });
});
