// smoke-test failures (bundled dist): stale versions, mixed tasks, p95 and error rate over limits.
import { describe, expect, it } from '@jest/globals';
import { cancelOnLine } from '@shipline/action-harness';
import { appServers, errors, report, smokeTest } from './support.js';

const start = appServers();

describe('smoke-test fails, saying which check and by how much', () => {
  it('a stale version answering', async () => {
    const server = await start({ tasks: ['v2'], staleVersion: 'v1' });
    const run = await smokeTest(server.url, {
      checks: '- /health\n- /wrong-version',
      'expect-version': 'v2',
      'wait-until-healthy': '2s',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect(errors(run)).toMatch(
      /GET \/wrong-version: version "v1" seen, expected "v2" \(in header x-app-version\) \(not passing within wait-until-healthy 2s, \d+ attempt\(s\)\)/,
    );
    expect(errors(run)).not.toMatch(/GET \/health:/);
    expect(report(run).checks.map((c) => [c.name, c.passed])).toEqual([
      ['GET /health', true],
      ['GET /wrong-version', false],
    ]);
    expect(server.requestCount('/wrong-version')).toBeGreaterThan(1); // retried until the deadline
  });

  it('a mix of old and new tasks in the sampling phase: stopped at the first old answer', async () => {
    const server = await start({ tasks: ['v2', 'v2', 'v2', 'v1'] });
    const run = await smokeTest(server.url, { 'expect-version': 'v2', samples: '20', concurrency: '1' });
    expect(run.exitCode).toBe(1);
    // request 1 (health phase) is v2; samples 2..4 hit v1 on the 4th request, which decides the check
    expect(errors(run)).toContain(
      'GET /health: 1 of 3 responses served version v1, expected v2 (in header x-app-version)',
    );
    expect(server.requestCount('/health')).toBe(4);
    expect(report(run).checks[0]?.versions).toEqual({ v2: 3, v1: 1 });
    expect(report(run).stoppedEarly).toMatchObject({ requests: 3, planned: 20, check: 'GET /health' });
    expect(run.summary).toContain('v2 ×3, v1 ×1');
    expect(run.summary).toContain('3 of 20 sample request(s), stopped once GET /health could not pass');
    expect(run.log).toMatch(
      /Stopping after 3 of 20 sample requests: GET \/health fails whatever the rest answer/,
    );
  });

  it('a p95 over the limit', async () => {
    const server = await start();
    const run = await smokeTest(server.url, {
      checks: '- /health\n- /slow?ms=900',
      samples: '4',
      concurrency: '4',
      'max-p95-ms': '500',
    });
    expect(run.exitCode).toBe(1);
    const message = /GET \/slow\?ms=900: p95 (\d+) ms is over max-p95-ms 500 \(by (\d+) ms\)/.exec(
      errors(run),
    );
    expect(message).not.toBeNull();
    const [p95, by] = [Number(message?.[1]), Number(message?.[2])];
    expect(p95).toBeGreaterThanOrEqual(900);
    expect(by).toBe(p95 - 500);
    expect(errors(run)).not.toMatch(/GET \/health:/);
    expect(Number(run.outputs['p95-ms'])).toBeGreaterThanOrEqual(900);
  });

  it('a 2 % error rate over a 1 % limit', async () => {
    const server = await start({ flakyEvery: 50 });
    const run = await smokeTest(server.url, { checks: '/flaky', samples: '100', concurrency: '4' });
    expect(run.exitCode).toBe(1);
    // request 1 (health phase) passes; samples are requests 2..101, of which 50 and 100 fail
    expect(errors(run)).toContain(
      'GET /flaky: error rate 2.0% is over max-error-rate 1.0% (2 of 100 requests: 500 ×2)',
    );
    expect(run.outputs['error-rate']).toBe('0.02');
    expect(run.outputs['failure-reason']).toBe(
      'GET /flaky: error rate 2.0% is over max-error-rate 1.0% (2 of 100 requests: 500 ×2)',
    );
    expect(report(run).checks[0]).toMatchObject({ errors: 2, samples: 100 });
  });

  it('the same 2 % passes under max-error-rate 5% (or 0.05)', async () => {
    const server = await start({ flakyFraction: 0.02 });
    const run = await smokeTest(server.url, { checks: '/flaky', samples: '100', 'max-error-rate': '0.05' });
    expect(run.outputs.passed).toBe('true');
    expect(Number(run.outputs['error-rate'])).toBeCloseTo(0.02, 5);
  });

  it('a load balancer 502 without a version counts toward the error rate only', async () => {
    const server = await start({ tasks: ['v1'], flakyEvery: 50, bareErrors: true });
    const checks = '- /flaky';
    const run = await smokeTest(server.url, { checks, 'expect-version': 'v1', samples: '100' });
    expect(errors(run)).toContain(
      'GET /flaky: error rate 2.0% is over max-error-rate 1.0% (2 of 100 requests: 502 ×2)',
    );
    expect(errors(run)).not.toMatch(/served version/);
    const tolerated = await smokeTest(server.url, {
      checks,
      'expect-version': 'v1',
      samples: '100',
      'max-error-rate': '5%',
    });
    expect(tolerated.errors).toEqual([]);
    expect(tolerated.outputs).toMatchObject({ passed: 'true', 'error-rate': '0.02', 'failure-reason': '' });
  });

  it('hanging requests count in the percentiles at their time, not left out', async () => {
    const server = await start();
    // requests 2..101 are the samples; every 16th hangs: 6 of 100
    const run = await smokeTest(server.url, {
      checks: '/hang?every=16',
      'request-timeout': '1s',
      samples: '100',
      concurrency: '8',
      'max-error-rate': '10%',
      // Only the hanging requests (1 s and more) are over the limit, also on a busy machine whose
      // ordinary answers take hundreds of ms: the sixth hang decides p95 and sampling stops there.
      'max-p95-ms': '999',
    });
    expect(run.exitCode).toBe(1);
    const p95 = /GET \/hang\?every=16: p95 (\d+) ms is over max-p95-ms 999/.exec(errors(run));
    expect(Number(p95?.[1])).toBeGreaterThanOrEqual(1_000);
    expect(errors(run)).not.toMatch(/error rate/);
    expect(Number(run.outputs['p99-ms'])).toBeGreaterThanOrEqual(1_000);
    // The six hangs are errors too, of the requests taken (those queued after the sixth are not sent).
    const { requests } = report(run) as unknown as { requests: number };
    expect(requests).toBeGreaterThanOrEqual(96);
    expect(Number(run.outputs['error-rate'])).toBeCloseTo(6 / requests, 4);
  });

  it('a version with a newline from the body cannot inject workflow commands', async () => {
    const server = await start({ tasks: ['v2\n::warning::injected\n::add-mask::v2'] });
    const run = await smokeTest(server.url, {
      'expect-version': 'v3',
      'version-from': 'json:build.version',
      'wait-until-healthy': '0s',
    });
    expect(run.exitCode).toBe(1);
    expect(run.warnings).toEqual([]);
    expect(run.masked).not.toContain('v2');
    expect(run.log).toContain('version "v2\\n::warning::injected\\n::add-mask::v2" seen');
    expect(run.log.split('\n').some((line) => line.startsWith('::'))).toBe(false);
    expect(run.summary).not.toMatch(/^::/m);
  });

  it('a hanging endpoint', async () => {
    const server = await start();
    const run = await smokeTest(server.url, {
      checks: '- /health\n- /hang',
      'request-timeout': '1s',
      'wait-until-healthy': '2s',
    });
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toMatch(
      /GET \/hang: no answer within request-timeout 1s \(hanging\) \(not passing within wait-until-healthy 2s/,
    );
    expect(report(run).checks[1]).toMatchObject({ passed: false, status: null });
  });

  it('a refused connection says why', async () => {
    const server = await start();
    const url = server.url;
    await server.close();
    const run = await smokeTest(url, { 'wait-until-healthy': '0s' });
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toMatch(/GET \/health: .*ECONNREFUSED/);
    expect(run.outputs.passed).toBe('false');
    // no sample was taken: no figures, rather than an error rate of 0
    expect(run.outputs).toMatchObject({ 'error-rate': '', 'p95-ms': '' });
    expect(report(run)).toMatchObject({ requests: 0, errorRate: null });
  });

  it('stops within seconds when the job is cancelled, with outputs of what was reached', async () => {
    const server = await start({ healthyAfterMs: 600_000 });
    // Cancelled once the first attempt has been reported, not after a fixed time (which on a busy
    // machine can come before the action is listening for the signal).
    const cancel = cancelOnLine(/: attempt 1 /);
    const run = await smokeTest(
      server.url,
      { 'wait-until-healthy': '10m' },
      { signal: cancel.signal, onLine: cancel.onLine },
    );
    expect(cancel.signal.aborted).toBe(true);
    expect(run.exitCode).not.toBe(0);
    expect(run.conclusion).toBe('cancelled');
    // it ended on SIGINT alone: the SIGTERM the runner sends 7.5 s later was never needed
    expect(run.stages.find((s) => s.stage === 'main')?.signalsSent).toEqual(['SIGINT']);
    expect(run.outputs.passed).toBe('false');
    expect(errors(run)).toMatch(/cancelled \(SIGINT\)/);
  });
});
