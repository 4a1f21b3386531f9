// A PagerDuty Events API v2 stand-in on 127.0.0.1: alert events (POST /v2/enqueue) and change
// events (POST /v2/change/enqueue), answering as PagerDuty documents (202 / 400 / 429 with its JSON
// shapes), with an open-alert model keyed by dedup_key and scripted faults for tests.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  alertProblems,
  changeProblems,
  invalid,
  MAX_BODY_BYTES,
  type AlertAction,
} from './pagerduty-rules.js';
import { isRecord } from './slack-rules.js';

export type PagerDutyEndpoint = 'enqueue' | 'change';

/**
 * A scripted answer: `'ok'` (answer normally), `'reset'` (drop the connection), `'hang'` (never
 * answer, until close()), an HTTP status such as 500 or 503, or `{ retryAfter: seconds }` (429
 * with Retry-After; `{ retryAfter: null }` for a 429 without it, as PagerDuty usually sends).
 */
export type PagerDutyAnswer = 'ok' | 'reset' | 'hang' | number | { retryAfter: number | null };

export interface PagerDutyRequest {
  endpoint: PagerDutyEndpoint;
  /** Arrival time, ms (performance clock). */
  at: number;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  /** The HTTP status answered, or 'reset' / 'hang'. */
  answer: string;
}

export interface Alert {
  dedupKey: string;
  routingKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  summary: string;
  severity: string;
  /** Every accepted event applied to this alert, in order (trigger, acknowledge, resolve). */
  actions: AlertAction[];
  payload: Record<string, unknown>;
  links: unknown[];
}

export interface PagerDutyStandIn {
  url: string;
  /** The one integration key this service accepts (32 hex characters, as PagerDuty issues them). */
  routingKey: string;
  requests: PagerDutyRequest[];
  /** Alerts by dedup_key; a resolved one stays until a trigger opens a new alert with its key. */
  alerts: Map<string, Alert>;
  /** Accepted change events (bodies), oldest first. */
  changes: Record<string, unknown>[];
  /** Alerts that are triggered or acknowledged. */
  openAlerts(): Alert[];
  /** Queues answers; once used up, it answers normally again. */
  script(...answers: PagerDutyAnswer[]): void;
  clearScripts(): void;
  requestsTo(endpoint?: PagerDutyEndpoint): PagerDutyRequest[];
  close(): Promise<void>;
}

export interface PagerDutyOptions {
  routingKey?: string;
}

interface Reply {
  status: number;
  body: object;
  headers?: Record<string, string>;
}

export async function startPagerDuty(options: PagerDutyOptions = {}): Promise<PagerDutyStandIn> {
  const routingKey = options.routingKey ?? randomBytes(16).toString('hex');
  const queue: PagerDutyAnswer[] = [];
  const requests: PagerDutyRequest[] = [];
  const alerts = new Map<string, Alert>();
  const changes: Record<string, unknown>[] = [];

  const accept = (endpoint: PagerDutyEndpoint, body: unknown, size: number): Reply => {
    if (size > MAX_BODY_BYTES) return { status: 400, body: invalid('Event object is larger than 512 KB') };
    if (!isRecord(body)) return { status: 400, body: invalid('Event object is not valid JSON') };
    const problems = endpoint === 'change' ? changeProblems(body) : alertProblems(body);
    if (problems.length === 0 && body.routing_key !== routingKey) {
      problems.push("'routing_key' is not a known integration key");
    }
    if (problems.length > 0) return { status: 400, body: invalid(...problems) };
    if (endpoint === 'change') {
      changes.push(body);
      return { status: 202, body: { status: 'success', message: 'Change event processed' } };
    }
    return { status: 202, body: applyAlert(alerts, body) };
  };

  const server = http.createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const endpoint =
        path === '/v2/enqueue' ? 'enqueue' : path === '/v2/change/enqueue' ? 'change' : undefined;
      if (!endpoint || req.method !== 'POST') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":"not found"}');
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = parseJson(raw.toString('utf8'));
      const request: PagerDutyRequest = { endpoint, at, body, answer: '' };
      requests.push(request);
      const scripted = queue.shift() ?? 'ok';
      if (scripted === 'reset' || scripted === 'hang') {
        request.answer = scripted;
        if (scripted === 'reset') req.socket.destroy();
        return;
      }
      const reply = scripted === 'ok' ? accept(endpoint, body, raw.length) : fault(scripted);
      request.answer = String(reply.status);
      res
        .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
        .end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routingKey,
    requests,
    alerts,
    changes,
    openAlerts: () => [...alerts.values()].filter((a) => a.status !== 'resolved'),
    script: (...answers) => queue.push(...answers),
    clearScripts: () => queue.splice(0),
    requestsTo: (endpoint) => requests.filter((r) => endpoint === undefined || r.endpoint === endpoint),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * PagerDuty's de-duplication: a trigger opens an alert or adds to the open one with its key;
 * acknowledge and resolve apply to an open alert and are dropped (still 202) when there is none.
 */
function applyAlert(alerts: Map<string, Alert>, body: Record<string, unknown>): object {
  const action = body.event_action as AlertAction;
  const given = typeof body.dedup_key === 'string' && body.dedup_key !== '' ? body.dedup_key : undefined;
  const dedupKey = given ?? randomUUID().replaceAll('-', '');
  const existing = alerts.get(dedupKey);
  const open = existing && existing.status !== 'resolved' && existing.routingKey === body.routing_key;
  if (action === 'trigger') {
    const payload = body.payload as Record<string, unknown>;
    const links = Array.isArray(body.links) ? body.links : [];
    if (open) {
      existing.actions.push('trigger');
    } else {
      alerts.set(dedupKey, {
        dedupKey,
        routingKey: String(body.routing_key),
        status: 'triggered',
        summary: String(payload.summary),
        severity: String(payload.severity),
        actions: ['trigger'],
        payload,
        links,
      });
    }
  } else if (open) {
    existing.status = action === 'resolve' ? 'resolved' : 'acknowledged';
    existing.actions.push(action);
  }
  return { status: 'success', message: 'Event processed', dedup_key: dedupKey };
}

function fault(scripted: Exclude<PagerDutyAnswer, 'ok' | 'reset' | 'hang'>): Reply {
  if (typeof scripted === 'number') {
    return { status: scripted, body: { status: 'error', message: `HTTP ${scripted} from the stand-in` } };
  }
  const headers: Record<string, string> =
    scripted.retryAfter === null ? {} : { 'retry-after': String(scripted.retryAfter) };
  const body = { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' };
  return { status: 429, body, headers };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
