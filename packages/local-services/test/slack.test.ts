// The Slack stand-in: webhook and Web API answers as Slack sends them, Block Kit limits, scripted faults.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSlack, type SlackMessage, type SlackStandIn } from '../src/slack.js';

let slack: SlackStandIn;
const seen: SlackMessage[] = [];
beforeEach(async () => {
  seen.splice(0);
  slack = await startSlack({ channels: ['#deploys'], onMessage: (m) => seen.push(m) });
});
afterEach(() => slack.close());

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, retryAfter: response.headers.get('retry-after') };
};
const api = (method: string, body: unknown, token = slack.token) =>
  post(`${slack.apiUrl}/${method}`, body, { authorization: `Bearer ${token}` });

describe('Slack stand-in', () => {
  it('listens on 127.0.0.1 with a secret-looking webhook path and a bot token', () => {
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(slack.webhookUrl).toMatch(/\/services\/T0SHIPLINE\/B0NOTIFY\/[\w-]{16}$/);
    expect(slack.token).toMatch(/^xoxb-\d{12}-\d{13}-[0-9a-f]{24}$/);
  });

  it('webhook: plain-text ok, messages recorded and reported to onMessage', async () => {
    expect(await post(slack.webhookUrl, { text: 'hello' })).toMatchObject({ status: 200, text: 'ok' });
    expect(slack.messages).toEqual([
      expect.objectContaining({ endpoint: 'webhook', preview: 'hello', body: { text: 'hello' } }),
    ]);
    expect(seen).toHaveLength(1);
  });

  it('webhook errors are plain text with Slack’s status codes', async () => {
    expect(await post(slack.webhookUrl, 'not json')).toMatchObject({ status: 400, text: 'invalid_payload' });
    expect(await post(slack.webhookUrl, { username: 'x' })).toMatchObject({ status: 400, text: 'no_text' });
    expect(await post(`${slack.url}/services/T0/B0/wrong`, { text: 'x' })).toMatchObject({
      status: 404,
      text: 'no_service',
    });
    const tooLong = { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3_001) } }] };
    expect(await post(slack.webhookUrl, tooLong)).toMatchObject({ status: 400, text: 'invalid_blocks' });
    const tooMany = { blocks: Array(51).fill({ type: 'divider' }) };
    expect(await post(slack.webhookUrl, tooMany)).toMatchObject({ status: 400, text: 'invalid_blocks' });
    expect(slack.messages).toHaveLength(0);
  });

  it('chat.postMessage checks the Bearer token and the channel; answers JSON with HTTP 200', async () => {
    expect(
      JSON.parse((await post(`${slack.apiUrl}/chat.postMessage`, { channel: '#deploys', text: 'x' })).text),
    ).toEqual({ ok: false, error: 'not_authed' });
    const wrong = await api('chat.postMessage', { channel: '#deploys', text: 'x' }, 'xoxb-wrong');
    expect(wrong.status).toBe(200);
    expect(JSON.parse(wrong.text)).toEqual({ ok: false, error: 'invalid_auth' });
    expect(JSON.parse((await api('chat.postMessage', { channel: '#random', text: 'x' })).text)).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    const ok = JSON.parse((await api('chat.postMessage', { channel: '#deploys', text: 'hi' })).text);
    expect(ok).toMatchObject({
      ok: true,
      channel: expect.stringMatching(/^C0[A-Z0-9]{9}$/),
      ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
    });
    const reply = JSON.parse(
      (await api('chat.postMessage', { channel: ok.channel, text: 'more', thread_ts: ok.ts })).text,
    );
    expect(reply.ts > ok.ts).toBe(true);
    expect(reply.channel).toBe(ok.channel);
    expect(slack.messages.at(-1)?.threadTs).toBe(ok.ts);
  });

  it('chat.update replaces a known message and keeps its ts; an unknown ts is message_not_found', async () => {
    const first = JSON.parse((await api('chat.postMessage', { channel: '#deploys', text: 'started' })).text);
    const updated = JSON.parse(
      (await api('chat.update', { channel: first.channel, ts: first.ts, text: 'done' })).text,
    );
    expect(updated).toMatchObject({ ok: true, ts: first.ts, channel: first.channel });
    expect(slack.messages.map((m) => [m.endpoint, m.ts, m.preview])).toEqual([
      ['chat.postMessage', first.ts, 'started'],
      ['chat.update', first.ts, 'done'],
    ]);
    const missing = JSON.parse(
      (await api('chat.update', { channel: first.channel, ts: '1.000001', text: 'x' })).text,
    );
    expect(missing).toEqual({ ok: false, error: 'message_not_found' });
  });

  it('chat.update takes only a channel id: a #name is channel_not_found, as Slack answers', async () => {
    const first = JSON.parse((await api('chat.postMessage', { channel: '#deploys', text: 'started' })).text);
    const byName = JSON.parse(
      (await api('chat.update', { channel: '#deploys', ts: first.ts, text: 'done' })).text,
    );
    expect(byName).toEqual({ ok: false, error: 'channel_not_found' });
    expect(slack.messages.map((m) => m.endpoint)).toEqual(['chat.postMessage']);
  });

  it('plays scripted answers in order per endpoint, then answers normally', async () => {
    slack.script('webhook', { retryAfter: 3 }, 503, { error: 'channel_not_found' });
    slack.script('chat.postMessage', { retryAfter: 1 }, { error: 'invalid_payload' });
    expect(await post(slack.webhookUrl, { text: 'a' })).toMatchObject({
      status: 429,
      text: 'rate_limited',
      retryAfter: '3',
    });
    expect(await post(slack.webhookUrl, { text: 'a' })).toMatchObject({ status: 503 });
    expect(await post(slack.webhookUrl, { text: 'a' })).toMatchObject({
      status: 404,
      text: 'channel_not_found',
    });
    expect(await post(slack.webhookUrl, { text: 'a' })).toMatchObject({ status: 200, text: 'ok' });
    const limited = await api('chat.postMessage', { channel: '#deploys', text: 'x' });
    expect(limited).toMatchObject({ status: 429, retryAfter: '1' });
    expect(JSON.parse(limited.text)).toEqual({ ok: false, error: 'ratelimited' });
    expect(JSON.parse((await api('chat.postMessage', { channel: '#deploys', text: 'x' })).text)).toEqual({
      ok: false,
      error: 'invalid_payload',
    });
    expect(slack.requests.map((r) => r.answer)).toEqual([
      '429',
      '503',
      'channel_not_found',
      'ok',
      '429',
      'invalid_payload',
    ]);
    expect(slack.requestsTo('webhook')).toHaveLength(4);
  });

  it('reset drops the connection; hang never answers; clearScripts forgets the queue', async () => {
    slack.script('webhook', 'reset');
    await expect(post(slack.webhookUrl, { text: 'a' })).rejects.toThrow(/fetch failed/);
    slack.script('webhook', 'hang');
    const hung = await fetch(slack.webhookUrl, {
      method: 'POST',
      body: '{"text":"a"}',
      signal: AbortSignal.timeout(300),
    }).catch((e: Error) => e.name);
    expect(hung).toBe('TimeoutError');
    slack.script('webhook', 500);
    slack.clearScripts();
    expect(await post(slack.webhookUrl, { text: 'a' })).toMatchObject({ status: 200 });
    expect(slack.requests.map((r) => r.answer)).toEqual(['reset', 'hang', 'ok']);
  });

  it('records request arrival times precisely enough to measure retry gaps', async () => {
    await post(slack.webhookUrl, { text: 'a' });
    await new Promise((r) => setTimeout(r, 200));
    await post(slack.webhookUrl, { text: 'b' });
    const [a, b] = slack.requests;
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(199);
  });
});
