// A loopback proxy in front of the emulator that holds RunTask's answers (the task is started, the
// caller does not hear of it), for the tests of a RunTask cut off by a cancel or the deadline.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunTaskProxy {
  url: string;
  /** How many RunTask answers the emulator has given that are held now (their tasks exist). */
  answersHeld(): number;
  /** Hands the held answers over (to a caller that may have hung up already). */
  release(): void;
  runTaskCalls(): number;
  close(): Promise<void>;
}

/**
 * Passes every call through, except RunTask's answers: the first one held (`'hold-first'`), every
 * one held (`'hold-all'`), or the first one dropped (`'drop-first'`: the connection is cut once the
 * emulator has answered, as a lost answer).
 */
export async function runTaskHoldingProxy(
  target: URL,
  mode: 'hold-first' | 'hold-all' | 'drop-first',
): Promise<RunTaskProxy> {
  let runTasks = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const isRunTask = /\.RunTask$/.test(String(req.headers['x-amz-target']));
      const first = isRunTask && ++runTasks === 1;
      const hold = (first && mode === 'hold-first') || (isRunTask && mode === 'hold-all');
      const dropping = first && mode === 'drop-first';
      const forward = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, connection: 'close' },
          agent: false,
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            const send = () => {
              res.writeHead(answer.statusCode ?? 500, { ...answer.headers, connection: 'close' });
              res.end(Buffer.concat(body));
            };
            if (dropping) return req.socket.destroy();
            if (!hold) return send();
            holding++;
            void released.then(() => {
              holding--;
              send();
            });
          });
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
    res.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answersHeld: () => holding,
    release,
    runTaskCalls: () => runTasks,
    close: () => {
      release();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
