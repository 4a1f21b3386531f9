// Reads and validates every input of notify-slack into NotifyOptions before any call.
import * as core from '@actions/core';
import {
  exactlyOne,
  InputError,
  InputErrors,
  maskSecret,
  readBoolean,
  readDuration,
  readEnum,
  readInput,
  readInputs,
  readMap,
  readString,
  readUrl,
} from '@shipline/toolkit';
import { readMentions } from './mentions.js';
import { readPayloadFile } from './payload-file.js';
import { checkPlaceholders } from './placeholders.js';
import type { Target } from './transport.js';

export const STATUSES = ['started', 'success', 'failure', 'cancelled', 'custom'] as const;
export type Status = (typeof STATUSES)[number];

export interface NotifyOptions {
  target: Target;
  status: Status;
  title?: string;
  environment: string;
  version: string;
  fields: [string, string][];
  text?: string;
  /** The parsed payload-file, placeholders not yet filled. */
  payload?: Record<string, unknown>;
  mentions: string[];
  retryBudgetMs: number;
  failOnError: boolean;
  startedAt?: number;
}

const TS = { pattern: /^\d{9,}\.\d{6}$/, patternHint: "a Slack message ts like '1767225600.000100'" };
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** What chat.update takes: a channel id (public C…, private G…, direct D…), never a #name. */
const CHANNEL_ID = /^[CGD][A-Z0-9]{8,}$/;

/** Reads and checks every input, all errors at once; secrets are masked before anything else. */
export function readNotifyOptions(now = Date.now()): NotifyOptions {
  maskSecret(core.getInput('webhook-url'));
  maskSecret(core.getInput('bot-token'));
  const values = readInputs({
    webhookUrl: () => readWebhookUrl(),
    botToken: () =>
      readString('bot-token', {
        secret: true,
        pattern: /^xox[a-z]-[\w-]+$/,
        patternHint: 'a Slack token starting with xoxb- (bot) or xoxp- (user)',
        example: '${{ secrets.SLACK_BOT_TOKEN }}',
      }),
    channel: () =>
      readString('channel', {
        pattern: /^[#@]?[\w.-]+$/,
        patternHint: 'a channel id or #name',
        example: 'C0123ABCDEF',
      }),
    status: () => readEnum('status', STATUSES, { default: 'custom' as Status }),
    title: () => checked('title', readString('title')),
    environment: () => readString('environment', { default: '' }),
    version: () => readString('version', { default: '' }),
    fields: () => readFields(),
    text: () =>
      checked(
        'text',
        readString('text', { multiline: true, example: 'Deployed {{version}} to {{environment}}' }),
      ),
    payload: () => readPayloadFile(),
    threadTs: () => readString('thread-ts', TS),
    updateTs: () => readString('update-ts', TS),
    mentions: () => readMentions('mention'),
    retryBudgetMs: () =>
      readDuration('retry-budget', { default: 30_000, minMs: 1_000, maxMs: 15 * 60_000, example: '30s' }),
    failOnError: () => readBoolean('fail-on-error', { default: false }),
    apiUrl: () => readApiUrl(),
    startedAt: () => readStartedAt(now),
    // Checks across inputs look at what was given, so they report even when a value was also bad.
    mode: () => checkCombinations(),
  });
  const { webhookUrl, botToken, channel, threadTs, updateTs, apiUrl, mode: _, ...rest } = values;
  const target: Target = webhookUrl
    ? { kind: 'webhook', url: webhookUrl }
    : { kind: 'api', apiUrl, token: botToken as string, channel: channel as string, threadTs, updateTs };
  return { ...rest, target };
}

const given = (name: string): true | undefined => (core.getInput(name) !== '' ? true : undefined);

function checkCombinations(): 'webhook-url' | 'bot-token' {
  const mode = exactlyOne(
    { 'webhook-url': given('webhook-url'), 'bot-token': given('bot-token') },
    '${{ secrets.SLACK_WEBHOOK_URL }} (or bot-token with channel)',
  );
  const errors: InputError[] = [];
  if (mode === 'webhook-url') {
    for (const name of ['channel', 'thread-ts', 'update-ts'].filter(given)) {
      const problem = 'works only with bot-token (an incoming webhook posts to its own channel)';
      errors.push(new InputError(name, problem, 'remove it, or use bot-token + channel'));
    }
  } else if (!given('channel')) {
    errors.push(new InputError('channel', 'is required with bot-token', 'C0123ABCDEF'));
  }
  const channel = core.getInput('channel');
  if (mode === 'bot-token' && given('update-ts') && channel !== '' && !CHANNEL_ID.test(channel)) {
    const problem = `is ${JSON.stringify(channel)}, but update-ts needs the channel id (chat.update refuses a #name with channel_not_found): pass the channel output of the step that posted the message`;
    errors.push(
      new InputError('channel', problem, '${{ steps.started.outputs.channel }} (e.g. C0123ABCDEF)'),
    );
  }
  if (given('thread-ts') && given('update-ts')) {
    const problem = "conflicts with 'update-ts': reply in a thread or update a message, not both";
    errors.push(new InputError('thread-ts', problem, '${{ steps.started.outputs.ts }}'));
  }
  if (given('text') && given('payload-file')) {
    const problem = "conflicts with 'payload-file': give the message as text or as a Block Kit file";
    errors.push(new InputError('text', problem, 'Deployed {{version}}'));
  }
  if (core.getInput('status').toLowerCase() === 'custom' || core.getInput('status') === '') {
    if (!given('text') && !given('payload-file')) {
      const problem = "is required when status is 'custom' (or give payload-file)";
      errors.push(new InputError('text', problem, 'Deployed {{version}} to {{environment}}'));
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return mode;
}

function checked<T extends string | undefined>(input: string, value: T): T {
  if (value !== undefined) checkPlaceholders(input, value);
  return value;
}

function readWebhookUrl(): URL | undefined {
  const url = readUrl('webhook-url', { secret: true, example: '${{ secrets.SLACK_WEBHOOK_URL }}' });
  if (url === undefined) return undefined;
  maskSecret(url.href);
  return requireTls('webhook-url', url, 'https://hooks.slack.com/services/T…/B…/…');
}

/** The bot token travels to api-url, so it gets the webhook's rule: https, or http on loopback only. */
function readApiUrl(): URL {
  const url = readUrl('api-url', { default: new URL('https://slack.com/api') });
  return requireTls('api-url', url, 'https://slack.com/api');
}

function requireTls(input: string, url: URL, example: string): URL {
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    const problem = 'must use https (plain http is allowed only for a local stand-in on 127.0.0.1)';
    throw new InputError(input, problem, example);
  }
  return url;
}

function readFields(): [string, string][] {
  const map = readMap('fields', { example: 'Region=eu-west-1 (one per line)' });
  if (!map) return [];
  for (const [key, value] of map) checkPlaceholders('fields', `${key}=${value}`);
  return [...map];
}

/** ISO 8601 or epoch seconds, not in the future (a minute of clock skew aside). */
function readStartedAt(now: number): number | undefined {
  return readInput(
    'started-at',
    undefined,
    '2026-01-01T12:00:00Z (or epoch seconds: 1767268800)',
    (text, fail) => {
      const at = /^\d{9,11}(\.\d+)?$/.test(text)
        ? Number(text) * 1000
        : /^\d{4}-\d\d-\d\dT/.test(text)
          ? Date.parse(text)
          : NaN;
      if (Number.isNaN(at)) fail(`${JSON.stringify(text)} is neither an ISO 8601 time nor epoch seconds`);
      if (at > now + 60_000) fail(`${JSON.stringify(text)} is in the future`);
      return Math.min(at, now);
    },
  );
}
