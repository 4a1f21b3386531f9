// postJson against a loopback server: answers, timeouts, resets, and the errors they become.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { forgetSecrets, httpAnswerError, HttpCallError, maskSecret, postJson } from '../src/index.js';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
let handler: Handler = (_req, _body, res) => res.end('{}');
let url: URL;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => handler(req, body, res));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/enqueue`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => forgetSecrets());

const options = (more: Partial<Parameters<typeof postJson>[2]> = {}) => ({
  service: 'PagerDuty',
  signal: new AbortController().signal,
  timeoutMs: 2_000,
  ...more,
});

describe('postJson', () => {
  it('sends JSON and returns any status with its body and Retry-After', async () => {
    let received = '';
    handler = (req, body, res) => {
      received = `${req.headers['content-type']} ${body}`;
      res.writeHead(429, { 'retry-after': '3' }).end('{"status":"throttle event"}');
    };
    const answer = await postJson(url, { a: 1 }, options());
    expect(received).toBe('application/json {"a":1}');
    expect(answer).toEqual({ status: 429, text: '{"status":"throttle event"}', retryAfterMs: 3_000 });
  });

  it('refuses to follow a redirect: a body carrying a credential stays where it was sent', async () => {
    let calls = 0;
    handler = (_req, _body, res) => {
      calls++;
      res.writeHead(307, { location: '/elsewhere' }).end();
    };
    await expect(postJson(url, {}, options())).rejects.toMatchObject({
      code: 'connection_error',
      retryable: true,
    });
    expect(calls).toBe(1);
  });

  it('turns an attempt that outlives its time into a retryable timeout, and keeps cancellation as it is', async () => {
    handler = () => undefined; // never answers
    await expect(postJson(url, {}, options({ timeoutMs: 100 }))).rejects.toMatchObject({
      code: 'timeout',
      message: 'PagerDuty did not answer within 100ms',
    });
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the runner'));
    await expect(postJson(url, {}, options({ signal: controller.signal }))).rejects.toThrow(
      'cancelled by the runner',
    );
  });

  it('makes 429 and 5xx retryable and quotes a redacted excerpt of the body, never the secret', () => {
    const key = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
    maskSecret(key, () => undefined);
    const error = httpAnswerError('PagerDuty', { status: 503, text: `bad key ${key}\n::error::x` });
    expect(error).toBeInstanceOf(HttpCallError);
    expect(error).toMatchObject({ code: 'http_503', retryable: true });
    expect(error.message).not.toContain(key);
    expect(error.message).not.toMatch(/^::/m);
    expect(httpAnswerError('PagerDuty', { status: 400, text: '' })).toMatchObject({
      retryable: false,
      message: 'PagerDuty answered HTTP 400: (empty body)',
    });
    expect(httpAnswerError('PagerDuty', { status: 429, text: '', retryAfterMs: 1_000 }).retryAfterMs).toBe(
      1_000,
    );
  });
});
