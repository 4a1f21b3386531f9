// Servers for the hostile-input suites (issue #15): one that answers whatever a test scripts (status,
// headers, body — hostile text, echoed secrets) and records what it received, and a proxy that
// rewrites the JSON an upstream (the ECS emulator) answers, to plant hostile text in server messages.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type ScriptedAnswer = { status: number; headers?: Record<string, string>; body?: string } | 'reset';

export interface LocalServer {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A header value as Node will send it: the characters HTTP forbids (CR, LF, controls, > U+00FF) dropped. */
export function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
}

async function listen(server: http.Server, requests: ReceivedRequest[]): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** A server on 127.0.0.1 answering each request with `answer(request)`. */
export async function startScriptedServer(
  answer: (request: ReceivedRequest) => ScriptedAnswer,
): Promise<LocalServer> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: '' };
    request.body = await readBody(req);
    requests.push(request);
    const reply = answer(request);
    if (reply === 'reset') return void req.socket.destroy();
    const headers = Object.fromEntries(
      Object.entries(reply.headers ?? {}).map(([k, v]) => [k, headerSafe(v)]),
    );
    res
      .writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', ...headers })
      .end(reply.body ?? '');
  });
  return listen(server, requests);
}

/**
 * A proxy to `upstream` that hands every JSON answer to `rewrite` (with the AWS operation named in
 * X-Amz-Target, or the path) and sends what it returns instead.
 */
export async function startRewritingProxy(
  upstream: string,
  rewrite: (json: unknown, operation: string, status: number) => unknown,
): Promise<LocalServer> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.includes('.') ? target.slice(target.lastIndexOf('.') + 1) : (req.url ?? '');
    const headers = { ...req.headers, host: new URL(upstream).host };
    const forward = http.request(new URL(req.url ?? '/', upstream), { method: req.method, headers }, (up) => {
      void readBody(up).then((text) => {
        let out = text;
        try {
          out = JSON.stringify(rewrite(JSON.parse(text), operation, up.statusCode ?? 0));
        } catch {
          // not JSON: passed on as it came
        }
        const { 'content-length': _length, 'transfer-encoding': _encoding, ...rest } = up.headers;
        res.writeHead(up.statusCode ?? 502, { ...rest, 'content-length': Buffer.byteLength(out) }).end(out);
      });
    });
    forward.on('error', () => req.socket.destroy());
    forward.end(body);
  });
  return listen(server, requests);
}
