// smoke-test's latency limit widened by what this machine adds: the path measured, the percentile,
// and the limit smoke-test gets, against a real HTTP server that answers after a known delay.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { firstCheckPath, latencyAllowance, slowerBy } from '../src/stories/machine-latency.js';

const smokeTest = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../actions/smoke-test');
const DELAY_MS = 60;
const paths: string[] = [];
let server: http.Server;
let url: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    setTimeout(() => res.writeHead(req.url === '/ready' ? 200 : 404).end('{}'), DELAY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('firstCheckPath', () => {
  it("is smoke-test's first check: a YAML list of paths or mappings, or lines; else /health", () => {
    expect(firstCheckPath('')).toBe('/health');
    expect(firstCheckPath(undefined)).toBe('/health');
    expect(firstCheckPath('- path: /ready\n  status: 200\n- /other')).toBe('/ready');
    expect(firstCheckPath('- /ready\n- /other')).toBe('/ready');
    expect(firstCheckPath('[{"path": "/api/ping"}]')).toBe('/api/ping');
    expect(firstCheckPath('/ready\n/other')).toBe('/ready');
    expect(firstCheckPath('- name: no path here')).toBe('/health');
  });
});

describe('latencyAllowance', () => {
  it('measures the first check path and adds twice its slowest answer to the limit smoke-test would use', async () => {
    paths.length = 0;
    const allowance = (await latencyAllowance(`${url}/`, '- path: /ready'))!;
    expect(paths).toHaveLength(20);
    expect(new Set(paths)).toEqual(new Set(['/ready']));
    const slowest = Number(/in at most (\d+) ms/.exec(allowance.note)![1]);
    expect(slowest).toBeGreaterThanOrEqual(DELAY_MS);
    expect(allowance.ms).toBe(Math.max(500, 2 * slowest));
    // smoke-test's own default (500, from its action.yml) when the workflow gives none.
    expect(allowance.adjust({ url: 'x' }, smokeTest)).toEqual({
      url: 'x',
      'max-p95-ms': String(500 + allowance.ms),
    });
    expect(allowance.adjust({ 'max-p95-ms': '250' }, smokeTest)['max-p95-ms']).toBe(
      String(250 + allowance.ms),
    );
  });

  it("raises a slow release's delay by the same allowance, and leaves other releases alone", () => {
    expect(slowerBy({ image: 'a', latencyMs: 800 }, 120)).toEqual({ image: 'a', latencyMs: 920 });
    const crashing: { image: string; behaviour: string; latencyMs?: number } = {
      image: 'a',
      behaviour: 'crash-on-start',
    };
    expect(slowerBy(crashing, 120)).toEqual(crashing);
    expect(slowerBy({ image: 'a', latencyMs: 800 })).toEqual({ image: 'a', latencyMs: 800 });
  });

  it('is none without a URL or when nothing answers there', async () => {
    expect(await latencyAllowance(undefined, '')).toBeUndefined();
    expect(await latencyAllowance('', '')).toBeUndefined();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await latencyAllowance(`http://127.0.0.1:${port}`, '')).toBeUndefined();
  });
});
