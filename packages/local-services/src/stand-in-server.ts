// What the HTTP stand-ins share: listening on a free loopback port, closing at once (open and
// hanging connections included), and reading a request body (as JSON when it is JSON).
import type http from 'node:http';
import type { AddressInfo, Server } from 'node:net';

/** Listens on 127.0.0.1 at a port the system picks; returns that port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Closes the server without waiting for its clients: a scripted 'hang' would otherwise hold it open. */
export function closeNow(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Calls `then` with the whole body once the request has been read. */
export function whenBodyRead(req: http.IncomingMessage, then: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => then(Buffer.concat(chunks)));
}

/** The parsed JSON, or the text itself when it is not JSON (recorded as sent). */
export function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
