// The real-container runtime when the daemon's event stream drops (dockerd restarted, connection
// lost): against a fake Docker Engine on a unix socket, a container that exits while no stream is
// open is still seen to exit, since the runtime opens the stream again and reads every container.
import fs from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { ContainerRuntime } from '../src/containers/container-runtime.js';
import { DockerEngine } from '../src/containers/docker-engine.js';
import { waitFor } from '../src/testing.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-dockerd-'));
const socket = path.join(dir, 'docker.sock');
const streams: ServerResponse[] = [];
let subscriptions = 0;
let exited = false;
let server: Server;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/events')) {
      subscriptions++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      streams.push(res);
    } else if (url.startsWith('/images/')) json(res, 200, {});
    else if (url.startsWith('/containers/create')) json(res, 201, { Id: 'abc' });
    else if (url === '/containers/abc/json') {
      const State = exited ? { Status: 'exited', ExitCode: 3 } : { Status: 'running', ExitCode: 0 };
      json(res, 200, { State, NetworkSettings: { Ports: {} } });
    } else if (url.startsWith('/containers/json')) json(res, 200, []);
    else if (url.startsWith('/containers/abc')) res.writeHead(204).end();
    else json(res, 404, { message: `not faked: ${req.method} ${url}` });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
});

afterAll(async () => {
  for (const stream of streams) stream.destroy();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

it('sees a container exit that happened while the event stream was down', async () => {
  const changed: string[] = [];
  const runtime = new ContainerRuntime(new DockerEngine(socket), { scale: 1, startupSeconds: 0 }, (arn) =>
    changed.push(arn),
  );
  await runtime.listen();
  runtime.start({ arn: 'arn:task/1', id: '1', image: 'app:1' }, { name: 'app', image: 'app:1' });
  await waitFor('the container to run', () => runtime.record('arn:task/1')?.state === 'running');

  exited = true; // no event will say so: the daemon drops the stream first
  streams.shift()!.destroy();
  const record = await waitFor('the exit to be seen', () => {
    const found = runtime.record('arn:task/1');
    return found?.state === 'exited' ? found : undefined;
  });
  expect(record.exitCode).toBe(3);
  expect(subscriptions).toBe(2);
  expect(changed.filter((arn) => arn === 'arn:task/1').length).toBeGreaterThanOrEqual(2);
  await runtime.close();
});
