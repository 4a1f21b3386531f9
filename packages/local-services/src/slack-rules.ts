// How Slack answers and what it refuses: error shapes per endpoint, scripted answers, request
// bodies (JSON or form), and the Block Kit limits a message must keep.
import type { SlackAnswer, SlackEndpoint } from './slack-types.js';
import { isRecord, parseJsonOrText } from './stand-in-server.js';

const WEBHOOK_STATUS: Record<string, number> = {
  invalid_payload: 400,
  no_text: 400,
  too_many_attachments: 400,
  invalid_token: 403,
  invalid_auth: 403,
  action_prohibited: 403,
  channel_not_found: 404,
  no_service: 404,
  channel_is_archived: 410,
};
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3_000;
const MAX_FIELDS = 10;
const MAX_FIELD_TEXT = 2_000;

export interface Reply {
  answer: string;
  status: number;
  body: string | object;
  headers?: Record<string, string>;
}

/** An error as each endpoint sends it: webhooks in plain text with a status, the Web API in JSON. */
export function failure(endpoint: SlackEndpoint, code: string): Reply {
  return endpoint === 'webhook'
    ? { answer: code, status: WEBHOOK_STATUS[code] ?? 400, body: code }
    : { answer: code, status: 200, body: { ok: false, error: code } };
}

export function scriptedReply(endpoint: SlackEndpoint, scripted: Exclude<SlackAnswer, 'ok'>): Reply {
  if (scripted === 'hang' || scripted === 'reset') return { answer: scripted, status: 0, body: '' };
  if (typeof scripted === 'number') {
    return { answer: String(scripted), status: scripted, body: `HTTP ${scripted} from the stand-in` };
  }
  if ('error' in scripted) return failure(endpoint, scripted.error);
  const body = endpoint === 'webhook' ? 'rate_limited' : { ok: false, error: 'ratelimited' };
  return { answer: '429', status: 429, body, headers: { 'retry-after': String(scripted.retryAfter) } };
}

export function parseBody(text: string, contentType = ''): unknown {
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(text));
    for (const key of ['blocks', 'attachments'])
      if (form[key]) form[key] = parseJsonOrText(form[key]) as string;
    return form;
  }
  return parseJsonOrText(text);
}

/** Slack's own checks of a message: something to show, and blocks within Block Kit's limits. */
export function checkMessage(body: Record<string, unknown>): string | undefined {
  const blocks = Array.isArray(body.blocks) ? body.blocks : [];
  const attachments = Array.isArray(body.attachments) ? body.attachments : [];
  if (!body.text && blocks.length === 0 && attachments.length === 0) return 'no_text';
  if (attachments.length > 100) return 'too_many_attachments';
  const all = [blocks, ...attachments.map((a) => (isRecord(a) && Array.isArray(a.blocks) ? a.blocks : []))];
  for (const list of all) {
    if (list.length > MAX_BLOCKS) return 'invalid_blocks';
    if (!list.every(blockWithinLimits)) return 'invalid_blocks';
  }
  return undefined;
}

function blockWithinLimits(block: unknown): boolean {
  if (!isRecord(block) || typeof block.type !== 'string') return false;
  if (block.type !== 'section') return true;
  const text = isRecord(block.text) ? String(block.text.text ?? '') : '';
  const fields = Array.isArray(block.fields) ? block.fields : [];
  if (!block.text && fields.length === 0) return false;
  if (text.length > MAX_SECTION_TEXT || fields.length > MAX_FIELDS) return false;
  return fields.every((f) => isRecord(f) && String(f.text ?? '').length <= MAX_FIELD_TEXT);
}
