// The application stand-in: each endpoint a smoke test meets, answered as the real kind would.
import { afterEach, describe, expect, it } from '@jest/globals';
import { startAppServer, type AppServer } from '../src/app-server.js';

let app: AppServer | undefined;
afterEach(() => app?.close());
const start = async (options: Parameters<typeof startAppServer>[0] = {}) =>
  (app = await startAppServer(options));

async function get(server: AppServer, path: string, init: RequestInit = {}) {
  const response = await fetch(server.url + path, { redirect: 'manual', ...init });
  const text = await response.text();
  return { status: response.status, version: response.headers.get('x-app-version'), text, response };
}

describe('test application server', () => {
  it('listens on 127.0.0.1 and answers /health with its version in a header and the JSON', async () => {
    const server = await start({ tasks: ['v2'] });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await get(server, '/health');
    expect(health).toMatchObject({ status: 200, version: 'v2' });
    expect(JSON.parse(health.text)).toMatchObject({ status: 'ok', version: 'v2', build: { version: 'v2' } });
    expect((await get(server, '/nope')).status).toBe(404);
    expect(server.requestCount('/health')).toBe(1);
    expect(server.requestCount()).toBe(2);
  });

  it('answers round-robin from its tasks and rolls out with set()', async () => {
    const server = await start({ tasks: ['v2', 'v1'] });
    const versions = [];
    for (let i = 0; i < 4; i++) versions.push((await get(server, '/health')).version);
    expect(versions).toEqual(['v2', 'v1', 'v2', 'v1']);
    server.set({ tasks: ['v3'] });
    expect((await get(server, '/health')).version).toBe('v3');
  });

  it('is starting (503) for its first N health requests or first ms', async () => {
    const server = await start({ healthyAfterRequests: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(server, '/health')).status);
    expect(statuses).toEqual([503, 503, 200]);
    server.set({ healthyAfterMs: 200 });
    expect((await get(server, '/health')).status).toBe(503);
    await new Promise((r) => setTimeout(r, 250));
    expect((await get(server, '/health')).status).toBe(200);
  });

  it('fails /flaky deterministically: every Nth, or a fraction spread evenly', async () => {
    const server = await start({ flakyEvery: 3 });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(server, '/flaky')).status);
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500]);
    server.set({ flakyFraction: 0.25 });
    const more = [];
    for (let i = 0; i < 6; i++) more.push((await get(server, '/flaky')).status);
    // requests 7..12 with 25 %: floor(n/4) rises at 8 and 12
    expect(more).toEqual([200, 500, 200, 200, 200, 500]);
  });

  it('fails /flaky like a load balancer when asked: 502 HTML without a version', async () => {
    const server = await start({ flakyEvery: 2 });
    const [ok, bare] = [await get(server, '/flaky?bare=1'), await get(server, '/flaky?bare=1')];
    expect(ok).toMatchObject({ status: 200, version: 'v1' });
    expect(bare).toMatchObject({ status: 502, version: null });
    expect(bare.response.headers.get('content-type')).toBe('text/html');
    expect(bare.text).toContain('502 Bad Gateway');
    server.set({ bareErrors: true });
    await get(server, '/flaky');
    expect(await get(server, '/flaky')).toMatchObject({ status: 502, version: null });
  });

  it('answers JSON with a charset, and serves a version a header cannot carry in the body only', async () => {
    const server = await start({ tasks: ['v2\n::warning::x'] });
    const health = await get(server, '/health');
    expect(health.response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(health.version).toBeNull();
    expect(JSON.parse(health.text).build.version).toBe('v2\n::warning::x');
  });

  it('delays /slow, claims a stale version, redirects, errors and checks a token', async () => {
    const server = await start({ staleVersion: 'v0', token: 't0k' });
    const started = performance.now();
    expect((await get(server, '/slow?ms=150')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect((await get(server, '/wrong-version')).version).toBe('v0');
    const redirect = await get(server, '/redirect?to=/elsewhere');
    expect(redirect.status).toBe(302);
    expect(redirect.response.headers.get('location')).toBe('/elsewhere');
    expect((await get(server, '/error')).status).toBe(500);
    expect((await get(server, '/secure')).status).toBe(401);
    expect((await get(server, '/secure', { headers: { authorization: 'Bearer t0k' } })).status).toBe(200);
  });

  it('echoes a request and records what it received', async () => {
    const server = await start();
    const echo = await get(server, '/echo', { method: 'POST', body: 'hello', headers: { 'x-team': 'shop' } });
    expect(JSON.parse(echo.text)).toMatchObject({
      method: 'POST',
      body: 'hello',
      headers: { 'x-team': 'shop' },
    });
    expect(server.requests()).toMatchObject([
      { method: 'POST', path: '/echo', headers: { 'x-team': 'shop' } },
    ]);
  });

  it('never answers /hang, and close() ends those connections instead of waiting for them', async () => {
    const server = await start();
    const hanging = fetch(`${server.url}/hang`, { signal: AbortSignal.timeout(300) });
    await expect(hanging).rejects.toThrow(/aborted|timeout/i);
    const pending = fetch(`${server.url}/hang`).catch((error: Error) => error);
    await new Promise((r) => setTimeout(r, 50));
    await server.close();
    app = undefined;
    expect(await pending).toHaveProperty('message', 'fetch failed'); // the socket was destroyed
  });

  it('hangs only on every Nth request of /hang?every=N, answering the others', async () => {
    const server = await start();
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      const answer = await fetch(`${server.url}/hang?every=2`, { signal: AbortSignal.timeout(300) }).then(
        (r) => r.status,
        () => 'hung',
      );
      outcomes.push(answer);
    }
    expect(outcomes).toEqual([200, 'hung', 200, 'hung']);
  });
});
