// The sample API's routes, on a real server on a free loopback port (node --test).
/* global fetch -- Node's own, from Node 18 on */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { handler } from '../src/app.js';

let server;
let base;
before(async () => {
  server = http.createServer(handler({ version: 'abc1234' }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

test('/health answers 200 with the version', async () => {
  const res = await fetch(`${base}/health`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, 'ok');
  assert.equal(body.version, 'abc1234');
});

test('/api/items lists the catalogue and /api/items/:id finds one', async () => {
  const all = await (await fetch(`${base}/api/items`)).json();
  assert.equal(all.items.length, 3);
  const one = await fetch(`${base}/api/items/2`);
  assert.equal((await one.json()).name, 'flat white');
  assert.equal((await fetch(`${base}/api/items/99`)).status, 404);
});

test('unknown paths and writes are refused', async () => {
  assert.equal((await fetch(`${base}/healthz`)).status, 404);
  assert.equal((await fetch(`${base}/api/items`, { method: 'POST' })).status, 405);
});
