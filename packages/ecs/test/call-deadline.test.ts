// callEcs: answers that are not ECS, and the step's deadline as a hard stop for every call.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { DescribeServicesCommand, type ECSClient } from '@aws-sdk/client-ecs';
import nock from 'nock';
import { FakeClock, systemClock } from '@shipline/toolkit';
import { isolateNock } from '@shipline/toolkit/testing';
import { CALL_GRACE_MS, CallDeadlineError } from '../src/client/call-deadline.js';
import { checkCredentials } from '../src/client/credentials.js';
import { callEcs, createEcsClient, followUpContext } from '../src/client/ecs-client.js';

// Precise failure injection over the real SDK (nock), and one real socket that never answers.
const ENDPOINT = 'http://ecs.test';
const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
const client = (endpoint = ENDPOINT, maxAttempts = 1): ECSClient =>
  createEcsClient({ endpoint, region: 'us-east-1', credentials, maxAttempts });
const describeWeb = (ecs: ECSClient) => (o: { abortSignal?: AbortSignal }) =>
  ecs.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] }), o);

isolateNock();

describe('callEcs: answers that are not ECS', () => {
  it('a 502 with an HTML body says so, with the status, a short excerpt and the call', async () => {
    nock(ENDPOINT)
      .persist()
      .post('/')
      .reply(502, '<html><body><h1>502 Bad Gateway</h1> nginx</body></html>', {
        'content-type': 'text/html',
      });
    const clock = new FakeClock(Date.UTC(2026, 0, 1), true);
    const error = (await callEcs({ deadline: clock.now() + 10_000, clock }, describeWeb(client())).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toMatch(
      /^ECS answered HTTP 502 with a non-JSON body: "502 Bad Gateway nginx" \(DescribeServices to ecs\.test:80\)/,
    );
    expect(error.message).not.toMatch(/Deserialization|Unexpected token/);
    expect(clock.now()).toBeLessThanOrEqual(Date.UTC(2026, 0, 1) + 10_000); // retried until the deadline
    nock.cleanAll();
  });

  it('a non-JSON body is excerpted short, without tags, and with token-like text redacted', async () => {
    const secret = 'AKIAABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    nock(ENDPOINT)
      .post('/')
      .reply(503, `<p>upstream ${secret} ${'x '.repeat(200)}</p>`, { 'content-type': 'text/html' });
    const clock = new FakeClock(Date.UTC(2026, 0, 1), true);
    const error = (await callEcs({ deadline: clock.now(), clock }, describeWeb(client())).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toMatch(/^ECS answered HTTP 503 with a non-JSON body: "upstream \[redacted\] x x/);
    expect(error.message).not.toContain(secret);
    expect(/"(.*)"/.exec(error.message)![1]!.length).toBeLessThanOrEqual(60);
  });
});

describe('callEcs: the deadline is a hard stop', () => {
  it('a call that never answers is aborted at deadline + grace on the context clock, naming it', async () => {
    nock(ENDPOINT).post('/').delay(600_000).reply(200, {});
    const clock = new FakeClock(Date.UTC(2026, 0, 1), false);
    const deadline = clock.now() + 10_000;
    const call = callEcs({ deadline, clock }, describeWeb(client())).catch((e: unknown) => e);
    await clock.advance(10_000 + CALL_GRACE_MS - 1);
    const early = await Promise.race([call, new Promise((r) => setTimeout(() => r('pending'), 1_500))]);
    expect(early).toBe('pending');
    await clock.advance(1);
    const error = (await call) as CallDeadlineError;
    expect(error).toBeInstanceOf(CallDeadlineError);
    expect(error.label).toEqual({ operation: 'DescribeServices', endpoint: 'ecs.test:80' });
    expect(error.message).toMatch(
      `DescribeServices to ecs.test:80 got no answer before the step's deadline (waited ${(10_000 + CALL_GRACE_MS) / 1000}s`,
    );
    nock.abortPendingRequests();
  });

  it('a real socket that accepts and never answers: the SDK retries do not outlast the hard stop', async () => {
    nock.enableNetConnect('127.0.0.1');
    const held: http.ServerResponse[] = [];
    const server = http.createServer((_req, res) => void held.push(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const started = Date.now();
      const context = { deadline: started + 500, hardStop: started + 1_500, clock: systemClock };
      const error = (await callEcs(context, describeWeb(client(`http://127.0.0.1:${port}`, 4))).catch(
        (e: unknown) => e,
      )) as Error;
      expect(error.message).toMatch(new RegExp(`^DescribeServices to 127\\.0\\.0\\.1:${port} got no answer`));
      // Generous: the design bound is the hard stop; 10 s would mean the SDK's own timers won.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      nock.disableNetConnect();
    }
  });

  it('cancellation still wins over the deadline and keeps its reason', async () => {
    nock(ENDPOINT).post('/').delay(600_000).reply(200, {});
    const controller = new AbortController();
    const clock = new FakeClock(Date.UTC(2026, 0, 1), false);
    const call = callEcs(
      { deadline: clock.now() + 60_000, clock, signal: controller.signal },
      describeWeb(client()),
    ).catch((e: unknown) => e);
    controller.abort(new Error('SIGINT'));
    expect(((await call) as Error).message).toBe('SIGINT');
    nock.cleanAll();
  });

  it('follow-up calls (diagnosis) never run past the step hard stop', () => {
    const clock = new FakeClock(1_000_000, true);
    const context = { deadline: 1_010_000, hardStop: 1_015_000, clock };
    expect(followUpContext(context, 20_000)).toMatchObject({ deadline: 1_015_000, hardStop: 1_015_000 });
    expect(followUpContext({ ...context, deadline: 2_000_000, hardStop: 2_005_000 }, 20_000)).toMatchObject({
      deadline: 1_020_000,
    });
  });

  it('credentials that never resolve are cut off at the hard stop too', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1), false);
    const ecs = createEcsClient({ region: 'us-east-1', credentials: () => new Promise(() => {}) });
    const check = checkCredentials(ecs, clock.now() + 10_000, clock.now(), { clock }).catch(
      (e: unknown) => e,
    );
    await clock.advance(10_000 + CALL_GRACE_MS);
    expect(((await check) as Error).message).toMatch(
      /^Resolving the AWS credentials got no answer before the step's deadline/,
    );
  });
});
