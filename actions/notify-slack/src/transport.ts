// One call to Slack (incoming webhook, chat.postMessage or chat.update) and its error class.
import { excerpt, maskSecretHeaders, parseRetryAfter } from '@shipline/toolkit';

export type Target =
  | { kind: 'webhook'; url: URL }
  | { kind: 'api'; apiUrl: URL; token: string; channel: string; threadTs?: string; updateTs?: string };

export type SlackPayload = Record<string, unknown>;

export interface Delivered {
  ts?: string;
  channel?: string;
}

/** Web API errors that are Slack's trouble, not ours: worth another attempt. */
const RETRYABLE_API_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** One failed call: Slack's error code (or http_NNN / connection_error) and whether to try again. */
export class SlackCallError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    detail: string,
    readonly retryAfterMs?: number,
  ) {
    super(detail);
    this.name = 'SlackCallError';
  }
}

/** Sends the message once: an incoming webhook, chat.postMessage, or chat.update for update-ts. */
export async function sendOnce(
  target: Target,
  message: SlackPayload,
  signal: AbortSignal,
): Promise<Delivered> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (target.kind === 'webhook') {
    const response = await post(target.url, headers, message, signal);
    const body = (await response.text()).trim();
    if (response.ok && body === 'ok') return {};
    throw failure(response, body, /^[a-z_]{3,40}$/.test(body) ? body : `http_${response.status}`);
  }
  headers.authorization = `Bearer ${target.token}`;
  maskSecretHeaders(headers);
  const method = target.updateTs ? 'chat.update' : 'chat.postMessage';
  const body = target.updateTs
    ? // chat.update keeps the old blocks/attachments unless given: send empty ones to replace them.
      { blocks: [], attachments: [], ...message, channel: target.channel, ts: target.updateTs }
    : { ...message, channel: target.channel, ...(target.threadTs ? { thread_ts: target.threadTs } : {}) };
  const response = await post(
    new URL(`${target.apiUrl.href.replace(/\/+$/, '')}/${method}`),
    headers,
    body,
    signal,
  );
  const text = await response.text();
  let answer: { ok?: boolean; error?: string; ts?: string; channel?: string } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    // A proxy's HTML error page: the HTTP status below says what happened.
  }
  if (response.status === 200 && answer.ok === true) return { ts: answer.ts, channel: answer.channel };
  const code = typeof answer.error === 'string' ? excerpt(answer.error, 60) : undefined;
  if (response.status === 200 && code) {
    throw new SlackCallError(code, RETRYABLE_API_ERRORS.has(code), `Slack ${method} answered ${code}`);
  }
  throw failure(response, text, code ?? `http_${response.status}`);
}

async function post(
  url: URL,
  headers: Record<string, string>,
  body: unknown,
  signal: AbortSignal,
): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal,
      redirect: 'error',
    });
  } catch (error) {
    if (signal.aborted) throw error;
    // fetch reports resets, refusals and DNS failures as TypeError with the system error as cause.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new SlackCallError('connection_error', true, `the connection to Slack failed (${reason})`);
  }
}

function failure(response: Response, body: string, code: string): SlackCallError {
  const retryable = response.status === 429 || response.status >= 500;
  const retryAfterMs =
    response.status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
  // The body is the server's text: it may echo the webhook URL or the token, or carry `::` lines.
  return new SlackCallError(
    code,
    retryable,
    `Slack answered HTTP ${response.status}: ${excerpt(body) || '(empty body)'}`,
    retryAfterMs,
  );
}
