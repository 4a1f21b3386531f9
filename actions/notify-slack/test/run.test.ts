// run in-process: the message built from the options and the run's facts, fitted, and delivered
// through a fake send; what it logs goes to a collectingLog.
import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '@shipline/toolkit';
import { collectingLog } from '@shipline/toolkit/testing';
import type { NotifyOptions } from '../src/inputs.js';
import { runFacts } from '../src/placeholders.js';
import { run } from '../src/run.js';
import { SlackCallError, type SlackPayload } from '../src/transport.js';

const options = (over: Partial<NotifyOptions> = {}): NotifyOptions => ({
  target: { kind: 'webhook', url: new URL('https://hooks.slack.test/services/T/B/x') },
  status: 'success',
  environment: 'production',
  version: 'v1.2.3',
  fields: [],
  mentions: [],
  retryBudgetMs: 30_000,
  failOnError: true,
  ...over,
});
const facts = runFacts({
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_ACTOR: 'octocat',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '42',
});

describe('run', () => {
  it('builds the message in one group and sends it in another, returning the delivery', async () => {
    const log = collectingLog();
    const sent: SlackPayload[] = [];
    const result = await run(options(), {
      signal: new AbortController().signal,
      log,
      facts,
      now: Date.UTC(2026, 0, 1),
      send: async (_target, message) => (sent.push(message), {}),
    });
    expect(result.delivery).toMatchObject({ ok: true, attempts: 1 });
    expect(result.notes).toEqual([]);
    expect(log.groups).toEqual(['Build the message', 'Send to Slack (the incoming webhook)']);
    expect(log.warnings).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain('v1.2.3');
  });

  it('says what was cut to fit, and reports a refusal without throwing', async () => {
    const log = collectingLog();
    const result = await run(options({ text: 'x'.repeat(50_000) }), {
      signal: new AbortController().signal,
      log,
      facts,
      now: Date.UTC(2026, 0, 1),
      clock: new FakeClock(),
      send: async () => {
        throw new SlackCallError('invalid_payload', false, 'bad');
      },
    });
    expect(result.delivery).toMatchObject({ ok: false, attempts: 1, error: 'invalid_payload' });
    expect(result.notes.length).toBeGreaterThan(0);
    expect(log.warnings[0]).toMatch(/^Slack limits: /);
  });
});
