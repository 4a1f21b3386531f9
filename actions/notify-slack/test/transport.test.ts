// sendOnce against nock: Retry-After forms, proxies' 502 pages, webhook answers, headers.
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { sendOnce, type SlackCallError, type Target } from '../src/transport.js';
import { isolateNock } from '@shipline/toolkit/testing';

// Precise edges of Slack's answers that the stand-in does not produce: nock answers the fetch calls.
const webhook: Target = { kind: 'webhook', url: new URL('https://hooks.slack.test/services/T0/B0/abc') };
const api: Target = {
  kind: 'api',
  apiUrl: new URL('https://slack.test/api/'),
  token: 'xoxb-1-2-edge',
  channel: 'C0123ABCDEF',
};
const signal = new AbortController().signal;

isolateNock();

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a SlackCallError');
    },
    (error: unknown) => error as SlackCallError,
  );

describe('sendOnce', () => {
  it('reads a Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 5_000).toUTCString();
    nock('https://hooks.slack.test')
      .post('/services/T0/B0/abc')
      .reply(429, 'rate_limited', { 'retry-after': at });
    const error = await failure(sendOnce(webhook, { text: 'x' }, signal));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(error.retryAfterMs).toBeGreaterThan(3_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(5_000);
  });

  it('a 429 without Retry-After is retryable with no server wait (the backoff decides)', async () => {
    nock('https://hooks.slack.test').post('/services/T0/B0/abc').reply(429, 'rate_limited');
    expect(await failure(sendOnce(webhook, { text: 'x' }, signal))).toMatchObject({
      retryable: true,
      retryAfterMs: undefined,
    });
  });

  it('a proxy’s HTML 502 in front of the Web API is http_502 and retryable', async () => {
    nock('https://slack.test')
      .post('/api/chat.postMessage')
      .reply(502, '<html><body>Bad gateway</body></html>');
    const error = await failure(sendOnce(api, { text: 'x' }, signal));
    expect(error).toMatchObject({ code: 'http_502', retryable: true });
    expect(error.message).toContain('Slack answered HTTP 502: <html>');
  });

  it('a webhook 200 whose body is not "ok" is not a success', async () => {
    nock('https://hooks.slack.test')
      .post('/services/T0/B0/abc')
      .reply(200, 'Sorry, that didn’t work. Please try again.');
    expect(await failure(sendOnce(webhook, { text: 'x' }, signal))).toMatchObject({
      code: 'http_200',
      retryable: false,
    });
  });

  it('posts JSON with charset and the Bearer token to <api-url>/chat.postMessage, thread_ts when asked', async () => {
    nock('https://slack.test', {
      reqheaders: {
        authorization: 'Bearer xoxb-1-2-edge',
        'content-type': 'application/json; charset=utf-8',
      },
    })
      .post('/api/chat.postMessage', { text: 'x', channel: 'C0123ABCDEF', thread_ts: '1.000001' })
      .reply(200, { ok: true, ts: '2.000002', channel: 'C0123ABCDEF' });
    expect(await sendOnce({ ...api, threadTs: '1.000001' }, { text: 'x' }, signal)).toEqual({
      ts: '2.000002',
      channel: 'C0123ABCDEF',
    });
  });

  it('chat.update replaces blocks and attachments unless the message brings its own', async () => {
    nock('https://slack.test')
      .post('/api/chat.update', {
        blocks: [],
        attachments: [{ color: '#2EB67D' }],
        text: 'done',
        channel: 'C0123ABCDEF',
        ts: '1.000001',
      })
      .reply(200, { ok: true, ts: '1.000001', channel: 'C0123ABCDEF' });
    const message = { text: 'done', attachments: [{ color: '#2EB67D' }] };
    expect(await sendOnce({ ...api, updateTs: '1.000001' }, message, signal)).toEqual({
      ts: '1.000001',
      channel: 'C0123ABCDEF',
    });
  });

  it('a Web API ok:false is Slack’s code; Slack-side ones are retryable', async () => {
    nock('https://slack.test')
      .post('/api/chat.postMessage')
      .reply(200, { ok: false, error: 'not_in_channel' });
    nock('https://slack.test')
      .post('/api/chat.postMessage')
      .reply(200, { ok: false, error: 'service_unavailable' });
    expect(await failure(sendOnce(api, { text: 'x' }, signal))).toMatchObject({
      code: 'not_in_channel',
      retryable: false,
    });
    expect(await failure(sendOnce(api, { text: 'x' }, signal))).toMatchObject({
      code: 'service_unavailable',
      retryable: true,
    });
  });
});
