// An application to smoke-test, on 127.0.0.1: /health with versions served round-robin, and the
// slow, flaky, hanging, redirecting, wrong-version and authenticated endpoints met in the wild.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { listenOnLoopback } from './stand-in-server.js';

/** How the application behaves; every field can be changed at run time with `set()`. */
export interface AppBehaviour {
  /** The versions of the tasks behind the load balancer, answered round-robin. Default ['v1']. */
  tasks: string[];
  /** /health answers 503 for its first N requests (a task still starting). Default 0. */
  healthyAfterRequests: number;
  /** /health answers 503 until this many ms after start (or after the last set()). Default 0. */
  healthyAfterMs: number;
  /** Delay of /slow in ms (a `?ms=` query wins). Default 1000. */
  slowMs: number;
  /** /flaky fails every Nth request (a `?every=` query wins). Default 50. */
  flakyEvery: number;
  /** When set, /flaky fails this fraction of requests instead, spread evenly and deterministically. */
  flakyFraction?: number;
  /**
   * /flaky fails like a load balancer in front of the app: 502 with an HTML page and no
   * x-app-version (a `?bare=1` query does the same). Default false: the app's own JSON 500.
   */
  bareErrors: boolean;
  /** The version /wrong-version claims. Default 'v0'. */
  staleVersion: string;
  /** When set, /secure answers 401 unless `Authorization: Bearer <token>` is sent. */
  token?: string;
}

export interface AppServerOptions extends Partial<AppBehaviour> {
  /** Serve HTTPS with this PEM key and certificate (e.g. a self-signed one) instead of HTTP. */
  tls?: { key: string; cert: string };
}

export interface AppServer {
  /** Base URL, e.g. http://127.0.0.1:39113 (no trailing slash). */
  url: string;
  /** Requests received for a path (pathname, without the query), or all requests. */
  requestCount(path?: string): number;
  /** Headers of every request received, in order, for checking what the client sent. */
  requests(): { method: string; path: string; headers: http.IncomingHttpHeaders }[];
  /** Changes behaviour at run time: a rollout is `set({ tasks: ['v2'] })`. */
  set(change: Partial<AppBehaviour>): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

const DEFAULTS: AppBehaviour = {
  tasks: ['v1'],
  healthyAfterRequests: 0,
  healthyAfterMs: 0,
  slowMs: 1_000,
  flakyEvery: 50,
  bareErrors: false,
  staleVersion: 'v0',
};

/**
 * A real HTTP application on 127.0.0.1 (a free port) with the endpoints a smoke test meets in
 * the wild: /health (200 JSON + x-app-version), /slow, /flaky, /wrong-version, /redirect,
 * /error (500), /hang (never answers, or every Nth request with `?every=N`), /secure (needs a
 * bearer token), /echo (the request as JSON). JSON answers say `application/json; charset=utf-8`.
 * Anything else is 404.
 */
export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  const { tls, ...initial } = options;
  let behaviour: AppBehaviour = { ...DEFAULTS, ...initial };
  let since = Date.now();
  let served = 0;
  const counts = new Map<string, number>();
  const log: { method: string; path: string; headers: http.IncomingHttpHeaders }[] = [];
  const sockets = new Set<Socket>();

  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://app.local');
    const count = (counts.get(url.pathname) ?? 0) + 1;
    counts.set(url.pathname, count);
    log.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers });
    const version = behaviour.tasks[served++ % behaviour.tasks.length] ?? 'v1';
    // A version with characters a header cannot carry (a newline) is served in the JSON body only.
    const versionHeader = HEADER_VALUE.test(version) ? { 'x-app-version': version } : {};
    const json = (status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void => {
      res.writeHead(status, { 'content-type': JSON_TYPE, ...versionHeader, ...headers });
      res.end(JSON.stringify(body));
    };
    const healthy = { status: 'ok', version, build: { version, commit: `c0ffee-${version}` } };
    const query = (name: string, fallback: number): number => {
      const value = Number(url.searchParams.get(name));
      return url.searchParams.has(name) && Number.isFinite(value) ? value : fallback;
    };

    switch (url.pathname) {
      case '/health': {
        const starting =
          count <= behaviour.healthyAfterRequests || Date.now() - since < behaviour.healthyAfterMs;
        return starting ? json(503, { status: 'starting', version }) : json(200, healthy);
      }
      case '/slow': {
        const timer = setTimeout(() => json(200, healthy), query('ms', behaviour.slowMs));
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case '/flaky': {
        if (!failsNow(count, query('every', behaviour.flakyEvery), behaviour.flakyFraction)) {
          return json(200, healthy);
        }
        if (behaviour.bareErrors || url.searchParams.get('bare') === '1') {
          res.writeHead(502, { 'content-type': 'text/html' });
          return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        }
        return json(500, { status: 'error', request: count });
      }
      case '/wrong-version':
        return json(
          200,
          { ...healthy, version: behaviour.staleVersion, build: { version: behaviour.staleVersion } },
          { 'x-app-version': behaviour.staleVersion },
        );
      case '/redirect':
        res.writeHead(302, { location: url.searchParams.get('to') ?? '/health', 'x-app-version': version });
        return res.end();
      case '/error':
        return json(500, { status: 'error', message: 'internal error' });
      case '/hang': {
        const every = query('every', 1);
        if (every > 1 && count % every !== 0) return json(200, healthy);
        return; // never answers; close() destroys the socket
      }
      case '/secure':
        return behaviour.token && req.headers.authorization !== `Bearer ${behaviour.token}`
          ? json(401, { status: 'unauthorized' })
          : json(200, healthy);
      case '/echo':
        return readBody(req).then((body) =>
          json(200, { method: req.method, path: url.pathname, headers: req.headers, body }),
        );
      default:
        return json(404, { status: 'not found', path: url.pathname });
    }
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);

  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requestCount: (path) =>
      path === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(path) ?? 0),
    requests: () => [...log],
    set: (change) => {
      behaviour = { ...behaviour, ...change };
      since = Date.now();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Request n (1-based) fails when it is a multiple of `every`, or when the running share of failures must rise. */
function failsNow(n: number, every: number, fraction: number | undefined): boolean {
  if (fraction !== undefined) return Math.floor(n * fraction) > Math.floor((n - 1) * fraction);
  return every > 0 && n % every === 0;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
