// notify-slack with a bot token (bundled dist): chat.postMessage, chat.update, threads, Slack's refusals.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSlack, type SlackStandIn } from '@shipline/local-services/slack';
import { notify, presetBlocks } from './support.js';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlack({ channels: ['#deploys', 'C0RELEASES1'] });
});
afterAll(() => slack.close());

const deploy = { environment: 'staging', version: 'v7' };

describe('notify-slack with a bot token (chat.postMessage / chat.update)', () => {
  it('started posts with the Bearer token and returns ts and channel id; success updates that message; a reply goes in its thread', async () => {
    const started = await notify(slack, 'bot', { status: 'started', ...deploy });
    expect(started.outputs.ok).toBe('true');
    expect(started.outputs.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(started.outputs.channel).toMatch(/^C0[A-Z0-9]{9}$/);
    const posted = slack.requestsTo('chat.postMessage').at(-1);
    expect(posted?.authorization).toBe(`Bearer ${slack.token}`);
    expect(posted?.body).toMatchObject({
      channel: '#deploys',
      text: expect.stringContaining('Deploy started'),
    });

    const { ts, channel } = started.outputs as { ts: string; channel: string };
    const done = await notify(slack, 'bot', { status: 'success', ...deploy, channel, 'update-ts': ts });
    expect(done.outputs).toEqual({ ok: 'true', ts, channel, error: '' });
    const update = slack.requestsTo('chat.update').at(-1);
    expect(update?.body).toMatchObject({
      channel,
      ts,
      blocks: [{ type: 'section', text: { text: expect.stringContaining('Deploy succeeded') } }],
      text: expect.stringContaining('Deploy succeeded'),
    });
    expect(presetBlocks(update?.body as Record<string, unknown>)[0]).toMatchObject({ type: 'section' });
    expect(done.summary).toContain('chat.update');

    const reply = await notify(slack, 'bot', {
      status: 'custom',
      text: 'smoke tests passed',
      channel,
      'thread-ts': ts,
    });
    expect(reply.outputs.ok).toBe('true');
    expect(reply.outputs.ts).not.toBe(ts);
    expect(slack.messages.at(-1)).toMatchObject({
      threadTs: ts,
      body: { thread_ts: ts, text: 'smoke tests passed' },
    });
  });

  it('update-ts of a message that does not exist: message_not_found, a warning, the step still succeeds', async () => {
    const run = await notify(slack, 'bot', {
      status: 'success',
      channel: 'C0RELEASES1',
      'update-ts': '1767225600.000999',
    });
    expect(run.conclusion).toBe('success');
    expect(run.outputs).toEqual({ ok: 'false', ts: '', channel: '', error: 'message_not_found' });
    expect(run.warnings.join('\n')).toMatch(/Slack refused the message: message_not_found/);
  });

  it('channel_not_found fails at once with Slack’s code, one request', async () => {
    const before = slack.requests.length;
    const run = await notify(slack, 'bot', {
      status: 'success',
      channel: '#nowhere',
      'fail-on-error': 'true',
    });
    expect(run.conclusion).toBe('failure');
    expect(run.outputs.error).toBe('channel_not_found');
    expect(run.errors.join('\n')).toContain(
      'Slack notification failed: Slack refused the message: channel_not_found',
    );
    expect(slack.requests.length - before).toBe(1);
  });

  it('a wrong token is invalid_auth at once, one request, and the token never shows', async () => {
    const before = slack.requests.length;
    const wrong = `xoxb-1111-2222-${'f'.repeat(24)}`;
    const run = await notify(slack, 'bot', { status: 'success', 'bot-token': wrong }, { secrets: [wrong] });
    expect(run.outputs).toMatchObject({ ok: 'false', error: 'invalid_auth' });
    expect(slack.requests.length - before).toBe(1);
    expect(run.log).not.toContain(wrong);
    expect(run.warnings.join('\n')).toContain(
      'invalid_auth (Slack chat.postMessage answered invalid_auth; 1 attempt, not retried). The bot token is wrong or was revoked.',
    );
  });

  it('Slack-side API errors (internal_error, ratelimited) are retried; the second attempt delivers', async () => {
    slack.script('chat.postMessage', { error: 'internal_error' });
    const before = slack.requests.length;
    const run = await notify(slack, 'bot', { status: 'started', ...deploy });
    expect(run.outputs.ok).toBe('true');
    expect(slack.requests.slice(before).map((r) => r.answer)).toEqual(['internal_error', 'ok']);
  });
});
