import {
  CreateClusterCommand,
  DescribeClustersCommand,
  ListClustersCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import { FaultSet } from '../src/faults.js';
import { ecsClient, startTestEmulator } from '../src/testing.js';

let emulator: EmulatorHandle;
let once: ECSClient;
let retrying: ECSClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  once = ecsClient(emulator, 1);
  retrying = ecsClient(emulator, 3);
  await once.send(new CreateClusterCommand({ clusterName: 'apps' }));
});
afterEach(() => emulator.setFaults([]));
afterAll(() => emulator.close());

const describeClusters = (client: ECSClient) =>
  client.send(new DescribeClustersCommand({ clusters: ['apps'] }));
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: Error) => error.name,
  );

/** Waits until the emulator has received `more` further calls of `operation` (real, bounded). */
async function waitForRequests(operation: string, more: number): Promise<void> {
  const target = emulator.requestCount(operation) + more;
  for (let i = 0; i < 200 && emulator.requestCount(operation) < target; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('fault injection', () => {
  it('throttles a burst of calls with ThrottlingException "Rate exceeded"', async () => {
    emulator.setFaults([{ operation: 'DescribeClusters', type: 'throttle', count: 2 }]);
    const error = (await describeClusters(once).catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode: number };
    };
    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe('Rate exceeded');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(await outcome(describeClusters(once))).toBe('ThrottlingException');
    expect(await outcome(describeClusters(once))).toBe('ok'); // the burst is over
    expect(await outcome(once.send(new ListClustersCommand({})))).toBe('ok'); // other operations untouched
  });

  it("lets the SDK's own retries get through a burst", async () => {
    emulator.setFaults([{ operation: 'DescribeClusters', type: 'throttle', count: 2 }]);
    const before = emulator.requestCount('DescribeClusters');
    const result = await describeClusters(retrying);
    expect(result.clusters![0]!.clusterName).toBe('apps');
    expect(result.$metadata.attempts).toBe(3);
    expect(emulator.requestCount('DescribeClusters') - before).toBe(3);
  });

  it('answers 5xx as ServerException', async () => {
    emulator.setFaults([{ operation: '*', type: 'server-error', every: 1 }]);
    const error = (await describeClusters(once).catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode: number };
      $fault: string;
    };
    expect(error.name).toBe('ServerException');
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(error.$fault).toBe('server');
  });

  it('denies access with AccessDeniedException naming the action', async () => {
    emulator.setFaults([{ operation: 'DescribeClusters', type: 'access-denied' }]);
    await expect(describeClusters(retrying)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('not authorized to perform: ecs:DescribeClusters'),
    });
  });

  it('fails every Nth call, deterministically', async () => {
    emulator.setFaults([{ type: 'server-error', every: 3 }]);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await outcome(describeClusters(once)));
    expect(results).toEqual(['ok', 'ok', 'ServerException', 'ok', 'ok', 'ServerException']);
  });

  it('throttles with a seeded probability: the same seed gives the same sequence', async () => {
    const run = async () => {
      emulator.setFaults([{ type: 'throttle', probability: 0.5, seed: 42 }]);
      const results = [];
      for (let i = 0; i < 12; i++) results.push(await outcome(describeClusters(once)));
      return results;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain('ok');
    expect(first).toContain('ThrottlingException');
  });

  it('adds latency', async () => {
    emulator.setFaults([{ operation: 'DescribeClusters', type: 'latency', latencyMs: 300 }]);
    const started = Date.now();
    await describeClusters(once);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('drops connections without an answer; the SDK retries through one drop', async () => {
    emulator.setFaults([{ type: 'drop', count: 1 }]);
    const error = (await describeClusters(once).catch((e: unknown) => e)) as Error & { code?: string };
    expect(error).toBeInstanceOf(Error);
    expect(`${error.name} ${error.code ?? ''} ${error.message}`).toMatch(
      /ECONNRESET|socket hang up|TimeoutError/,
    );
    emulator.setFaults([{ type: 'drop', count: 1 }]);
    expect((await describeClusters(retrying)).clusters).toHaveLength(1);
  });

  it('a silent endpoint accepts the call and never answers; the client gives up, the emulator stays fine', async () => {
    emulator.setFaults([{ operation: 'DescribeClusters', type: 'silent', count: 1 }]);
    const controller = new AbortController();
    const call = once
      .send(new DescribeClustersCommand({ clusters: ['apps'] }), { abortSignal: controller.signal })
      .then(
        () => 'answered',
        (error: Error) => error.name,
      );
    await waitForRequests('DescribeClusters', 1);
    const early = await Promise.race([call, new Promise((r) => setTimeout(() => r('no answer'), 300))]);
    expect(early).toBe('no answer');
    controller.abort();
    expect(await call).toBe('AbortError');
    expect(await outcome(describeClusters(once))).toBe('ok'); // count: 1, and nothing got stuck
  });

  it('bad-gateway answers HTTP 502 with an HTML page, as a proxy would', async () => {
    emulator.setFaults([{ operation: 'DescribeClusters', type: 'bad-gateway' }]);
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeClusters' },
      body: '{}',
    });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('502 Bad Gateway');
  });

  it('switches a fault off after its time limit', async () => {
    emulator.setFaults([{ type: 'throttle', forSeconds: 0.3 }]);
    expect(await outcome(describeClusters(once))).toBe('ThrottlingException');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await outcome(describeClusters(once))).toBe('ok');
  });

  it('rejects bad fault specs with a message naming the problem', () => {
    expect(() => emulator.setFaults([{ type: 'explode' as never }])).toThrow(
      /faults\[0\]\.type must be one of/,
    );
    expect(() => emulator.setFaults([{ type: 'latency' }])).toThrow(/latencyMs is required/);
    expect(() => emulator.setFaults([{ type: 'throttle', every: 2, count: 1 }])).toThrow(/only one of/);
  });
});

describe('FaultSet', () => {
  it('reports matched and fired counts and whether a fault is still active', () => {
    const faults = new FaultSet([{ operation: 'A', type: 'throttle', count: 1 }], 0);
    expect(faults.decide('B', 1)).toEqual({ latencyMs: 0 });
    expect(faults.decide('A', 1)).toEqual({ latencyMs: 0, failure: 'throttle' });
    expect(faults.decide('A', 2)).toEqual({ latencyMs: 0 });
    expect(faults.describe(3)).toEqual([
      expect.objectContaining({ matchedCalls: 1, fired: 1, active: false }),
    ]);
  });
});
