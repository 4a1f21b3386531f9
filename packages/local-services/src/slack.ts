// A Slack stand-in on 127.0.0.1: an incoming webhook and the Web API's chat.postMessage and
// chat.update, answering as Slack does (webhooks: plain text + HTTP status; Web API: JSON with
// HTTP 200 even for errors, 429 with Retry-After), with a scriptable queue of answers per endpoint.
import { randomBytes, createHash } from 'node:crypto';
import http from 'node:http';
import { checkMessage, failure, parseBody, scriptedReply, type Reply } from './slack-rules.js';
import type {
  SlackAnswer,
  SlackEndpoint,
  SlackMessage,
  SlackOptions,
  SlackRequest,
  SlackStandIn,
} from './slack-types.js';
import { closeNow, isRecord, listenOnLoopback, whenBodyRead } from './stand-in-server.js';

export type * from './slack-types.js';

const WEBHOOK_CHANNEL = 'C0WEBHOOK01';

export async function startSlack(options: SlackOptions = {}): Promise<SlackStandIn> {
  const token =
    options.token ?? `xoxb-${randomDigits(12)}-${randomDigits(13)}-${randomBytes(12).toString('hex')}`;
  const webhookPath = `/services/T0SHIPLINE/B0NOTIFY/${randomBytes(12).toString('base64url')}`;
  const queues = new Map<SlackEndpoint, SlackAnswer[]>();
  const requests: SlackRequest[] = [];
  const messages: SlackMessage[] = [];
  const known = options.channels?.map(channelId);
  let sequence = 0;
  const nextTs = (): string => `${Math.floor(Date.now() / 1000)}.${String(++sequence).padStart(6, '0')}`;

  /** Slack's answer to a message that reached it: its checks, then the message is recorded. */
  const accept = (endpoint: SlackEndpoint, request: SlackRequest): Reply => {
    if (endpoint !== 'webhook') {
      if (!request.authorization) return failure(endpoint, 'not_authed');
      if (request.authorization !== `Bearer ${token}`) return failure(endpoint, 'invalid_auth');
    }
    const body = request.body;
    if (!isRecord(body)) return failure(endpoint, 'invalid_payload');
    const problem = checkMessage(body);
    if (problem) return failure(endpoint, problem);
    let channel = WEBHOOK_CHANNEL;
    if (endpoint !== 'webhook') {
      const given = typeof body.channel === 'string' ? body.channel : '';
      channel = channelId(given);
      if (!given || (known && !known.includes(channel))) return failure(endpoint, 'channel_not_found');
      // chat.postMessage resolves a #name; chat.update takes only the id it returned.
      if (endpoint === 'chat.update' && given !== channel) return failure(endpoint, 'channel_not_found');
    }
    let ts = nextTs();
    if (endpoint === 'chat.update') {
      const target = messages.find((m) => m.ts === body.ts && m.channel === channel);
      if (!target) return failure(endpoint, 'message_not_found');
      ts = target.ts;
    }
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    const message: SlackMessage = { endpoint, body, ts, channel, threadTs, preview: previewOf(body) };
    messages.push(message);
    options.onMessage?.(message);
    if (endpoint === 'webhook') return { answer: 'ok', status: 200, body: 'ok' };
    const answer = { ok: true, channel, ts, message: { type: 'message', text: body.text ?? '', ts } };
    return { answer: 'ok', status: 200, body: answer };
  };

  const server = http.createServer((req, res) => {
    const at = performance.now();
    whenBodyRead(req, (raw) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const endpoint = endpointOf(path, webhookPath);
      if (!endpoint) {
        const unknownHook = path.startsWith('/services/');
        res.writeHead(404, { 'content-type': 'text/plain' }).end(unknownHook ? 'no_service' : 'not found');
        return;
      }
      const body = parseBody(raw.toString('utf8'), req.headers['content-type']);
      const request: SlackRequest = {
        endpoint,
        at,
        body,
        authorization: req.headers.authorization,
        answer: '',
      };
      requests.push(request);
      const scripted = queues.get(endpoint)?.shift() ?? 'ok';
      const reply = scripted === 'ok' ? accept(endpoint, request) : scriptedReply(endpoint, scripted);
      request.answer = reply.answer;
      if (reply.answer === 'reset') req.socket.destroy();
      if (reply.answer === 'reset' || reply.answer === 'hang') return;
      const json = typeof reply.body !== 'string';
      const type = json ? 'application/json; charset=utf-8' : 'text/plain';
      res
        .writeHead(reply.status, { 'content-type': type, ...reply.headers })
        .end(json ? JSON.stringify(reply.body) : reply.body);
    });
  });
  const url = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  return {
    url,
    webhookUrl: `${url}${webhookPath}`,
    apiUrl: `${url}/api`,
    token,
    requests,
    messages,
    script: (endpoint, ...answers) => queues.set(endpoint, [...(queues.get(endpoint) ?? []), ...answers]),
    clearScripts: () => queues.clear(),
    requestsTo: (endpoint) => requests.filter((r) => endpoint === undefined || r.endpoint === endpoint),
    close: () => closeNow(server),
  };
}

function endpointOf(path: string, webhookPath: string): SlackEndpoint | undefined {
  if (path === webhookPath) return 'webhook';
  if (path === '/api/chat.postMessage') return 'chat.postMessage';
  if (path === '/api/chat.update') return 'chat.update';
  return undefined;
}

function previewOf(body: Record<string, unknown>): string {
  if (typeof body.text === 'string' && body.text !== '') return body.text;
  const found = JSON.stringify(body).match(/"text":"((?:[^"\\]|\\.)*)"/);
  return found?.[1] ? (JSON.parse(`"${found[1]}"`) as string) : '';
}

/** Channel ids as Slack returns them: ids pass through, names map to a stable C… id. */
function channelId(channel: string): string {
  if (/^[CGD][A-Z0-9]{8,}$/.test(channel)) return channel;
  const hash = createHash('sha256').update(channel.replace(/^#/, '')).digest('hex').toUpperCase();
  return `C0${hash.replace(/[^A-Z0-9]/g, '').slice(0, 9)}`;
}

function randomDigits(n: number): string {
  return Array.from(randomBytes(n), (b) => String(b % 10)).join('');
}
