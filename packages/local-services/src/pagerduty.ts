// A PagerDuty Events API v2 stand-in on 127.0.0.1: alert events (POST /v2/enqueue) and change
// events (POST /v2/change/enqueue), answering as PagerDuty documents (202 / 400 / 429 with its JSON
// shapes), with an open-alert model keyed by dedup_key and scripted faults for tests.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { alertProblems, changeProblems, invalid, MAX_BODY_BYTES } from './pagerduty-rules.js';
import type {
  Alert,
  AlertAction,
  PagerDutyAnswer,
  PagerDutyEndpoint,
  PagerDutyOptions,
  PagerDutyRequest,
  PagerDutyStandIn,
} from './pagerduty-types.js';
import { closeNow, isRecord, listenOnLoopback, parseJsonOrText, whenBodyRead } from './stand-in-server.js';

export type * from './pagerduty-types.js';

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
    whenBodyRead(req, (raw) => {
      const path = (req.url ?? '').split('?')[0];
      const endpoint =
        path === '/v2/enqueue' ? 'enqueue' : path === '/v2/change/enqueue' ? 'change' : undefined;
      if (!endpoint || req.method !== 'POST') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":"not found"}');
        return;
      }
      const body = parseJsonOrText(raw.toString('utf8'));
      const request: PagerDutyRequest = { endpoint, at, body, answer: '' };
      requests.push(request);
      const scripted = queue.shift() ?? 'ok';
      if (scripted === 'reset' || scripted === 'hang') {
        request.answer = scripted;
        if (scripted === 'reset') req.socket.destroy();
        options.onEvent?.(request);
        return;
      }
      const reply = scripted === 'ok' ? accept(endpoint, body, raw.length) : fault(scripted);
      request.answer = String(reply.status);
      res
        .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
        .end(JSON.stringify(reply.body));
      options.onEvent?.(request);
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    routingKey,
    requests,
    alerts,
    changes,
    openAlerts: () => [...alerts.values()].filter((a) => a.status !== 'resolved'),
    script: (...answers) => queue.push(...answers),
    clearScripts: () => queue.splice(0),
    requestsTo: (endpoint) => requests.filter((r) => endpoint === undefined || r.endpoint === endpoint),
    reset: () => {
      queue.splice(0);
      requests.splice(0);
      changes.splice(0);
      alerts.clear();
    },
    close: () => closeNow(server),
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
