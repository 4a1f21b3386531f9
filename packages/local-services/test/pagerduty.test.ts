// The PagerDuty Events API v2 stand-in: accepted and refused events, dedup_key alerts, scripted faults.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startPagerDuty, type PagerDutyStandIn } from '../src/pagerduty.js';

let pd: PagerDutyStandIn;
beforeEach(async () => {
  pd = await startPagerDuty();
});
afterEach(() => pd.close());

const send = async (path: string, body: unknown) => {
  const response = await fetch(`${pd.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown>,
    retryAfter: response.headers.get('retry-after'),
  };
};
const alert = (body: Record<string, unknown>) => send('/v2/enqueue', { routing_key: pd.routingKey, ...body });
const trigger = (more: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) =>
  alert({
    event_action: 'trigger',
    payload: { summary: 'shop is down', source: 'acme/shop production', severity: 'critical', ...payload },
    ...more,
  });

describe('PagerDuty Events API v2 stand-in', () => {
  it('listens on 127.0.0.1 with a 32-character integration key', () => {
    expect(pd.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(pd.routingKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it('opens an alert on trigger, adds repeated triggers to it, and resolves it', async () => {
    const first = await trigger({ dedup_key: 'acme/shop/production' });
    expect(first).toMatchObject({
      status: 202,
      json: { status: 'success', message: 'Event processed', dedup_key: 'acme/shop/production' },
    });
    await trigger({ dedup_key: 'acme/shop/production' });
    expect(pd.openAlerts()).toHaveLength(1);
    expect(pd.alerts.get('acme/shop/production')).toMatchObject({
      status: 'triggered',
      severity: 'critical',
      actions: ['trigger', 'trigger'],
    });
    await alert({ event_action: 'acknowledge', dedup_key: 'acme/shop/production' });
    expect(pd.alerts.get('acme/shop/production')?.status).toBe('acknowledged');
    const resolved = await alert({ event_action: 'resolve', dedup_key: 'acme/shop/production' });
    expect(resolved.status).toBe(202);
    expect(pd.openAlerts()).toHaveLength(0);
    // A trigger after the resolve opens a new alert with the same key.
    await trigger({ dedup_key: 'acme/shop/production' });
    expect(pd.alerts.get('acme/shop/production')).toMatchObject({
      status: 'triggered',
      actions: ['trigger'],
    });
  });

  it('makes up a dedup_key for a trigger without one, and drops a resolve of no open alert (202)', async () => {
    const answer = await trigger();
    expect(answer.json.dedup_key).toMatch(/^[0-9a-f]{32}$/);
    const dropped = await alert({ event_action: 'resolve', dedup_key: 'nothing-open' });
    expect(dropped.status).toBe(202);
    expect(pd.alerts.has('nothing-open')).toBe(false);
  });

  it('records change events and answers without a dedup_key', async () => {
    const answer = await send('/v2/change/enqueue', {
      routing_key: pd.routingKey,
      payload: {
        summary: 'Deployed v2 to production',
        source: 'acme/shop',
        custom_details: { version: 'v2' },
      },
      links: [{ href: 'https://github.com/acme/shop/actions/runs/1', text: 'run' }],
    });
    expect(answer).toMatchObject({
      status: 202,
      json: { status: 'success', message: 'Change event processed' },
    });
    expect(pd.changes).toHaveLength(1);
    expect(pd.requestsTo('change')).toHaveLength(1);
  });

  it('refuses what PagerDuty refuses with 400 naming each field', async () => {
    const bad = await alert({
      routing_key: 'short',
      event_action: 'trigger',
      payload: { summary: 'x'.repeat(1_025), severity: 'fatal' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
    expect(bad.json.errors).toEqual([
      "'routing_key' must be 32 characters",
      "'payload.summary' is longer than 1024 characters",
      "'payload.source' is missing or blank",
      "'payload.severity' is missing or blank or invalid",
    ]);
    expect((await alert({ event_action: 'resolve' })).json.errors).toEqual([
      "'dedup_key' is missing or blank",
    ]);
    expect((await alert({ event_action: 'close' })).json.errors).toEqual([
      "'event_action' is missing or blank or invalid",
    ]);
    const stranger = await trigger({ routing_key: 'f'.repeat(32) });
    expect(stranger.json.errors).toEqual(["'routing_key' is not a known integration key"]);
    expect((await send('/v2/enqueue', '{not json')).json.errors).toEqual(['Event object is not valid JSON']);
    expect(pd.alerts.size).toBe(0);
  });

  it('answers scripted faults first: 429 with or without Retry-After, 5xx, then normally', async () => {
    pd.script({ retryAfter: 2 }, { retryAfter: null }, 503);
    const limited = await trigger();
    expect(limited).toMatchObject({ status: 429, retryAfter: '2', json: { status: 'throttle event' } });
    expect((await trigger()).retryAfter).toBeNull();
    expect((await trigger()).status).toBe(503);
    expect((await trigger()).status).toBe(202);
    expect(pd.requests.map((r) => r.answer)).toEqual(['429', '429', '503', '202']);
    expect(pd.openAlerts()).toHaveLength(1);
  });

  it('drops the connection for a scripted reset', async () => {
    pd.script('reset');
    await expect(trigger()).rejects.toThrow();
    expect((await trigger()).status).toBe(202);
  });

  it('tells onEvent of each request once answered, and reset() forgets everything', async () => {
    const seen: string[] = [];
    const told = await startPagerDuty({ onEvent: (r) => seen.push(`${r.endpoint} ${r.answer}`) });
    try {
      const post = (body: unknown) =>
        fetch(`${told.url}/v2/enqueue`, { method: 'POST', body: JSON.stringify(body) });
      await post({ routing_key: told.routingKey, event_action: 'resolve', dedup_key: 'k' });
      await post({ event_action: 'resolve' });
      expect(seen).toEqual(['enqueue 202', 'enqueue 400']);
      await post({
        routing_key: told.routingKey,
        event_action: 'trigger',
        payload: { summary: 'down', source: 'shop', severity: 'critical' },
      });
      told.script(503);
      told.reset();
      expect([told.requests, told.openAlerts(), told.changes]).toEqual([[], [], []]);
      expect(
        (await post({ routing_key: told.routingKey, event_action: 'resolve', dedup_key: 'k' })).status,
      ).toBe(202);
    } finally {
      await told.close();
    }
  });
});
