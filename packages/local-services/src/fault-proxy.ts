// A loopback HTTP proxy in front of a real registry that answers chosen requests with a failure
// (a 503, or distribution's BLOB_UPLOAD_UNKNOWN) a given number of times, then passes them on.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  method: string;
  /** Matched against the request path. */
  path: RegExp;
  status: number;
  body?: string;
  /** How many matching requests fail; later ones pass. */
  times: number;
}

export interface FaultProxy {
  host: string;
  url: string;
  /** Requests answered with a fault, as `METHOD path`. */
  injected: string[];
  close(): Promise<void>;
}

export async function startFaultProxy(targetUrl: string, faults: Fault[]): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const injected: string[] = [];
  const server = http.createServer((req, res) => {
    const fault = faults.find((f) => f.times > 0 && f.method === req.method && f.path.test(req.url ?? ''));
    if (fault) {
      fault.times--;
      injected.push(`${req.method} ${req.url}`);
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      return res.end(fault.body ?? '');
    }
    // The Host header goes on unchanged, so the registry's Location headers point back here.
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => res.destroy(error));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    injected,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const BLOB_UPLOAD_UNKNOWN = JSON.stringify({
  errors: [{ code: 'BLOB_UPLOAD_UNKNOWN', message: 'blob upload unknown to registry', detail: {} }],
});
