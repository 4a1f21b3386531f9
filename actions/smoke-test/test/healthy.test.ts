// smoke-test passes (bundled dist): healthy services, slow starts, rollouts, plain path lists.
import { describe, expect, it } from '@jest/globals';
import { expectNoLeaks } from '@shipline/action-harness';
import { appServers, report, smokeTest } from './support.js';

const start = appServers();

describe('smoke-test passes a healthy new version', () => {
  it('checks /health for the expected version on every request and sets every output', async () => {
    const server = await start({ tasks: ['v2'] });
    const run = await smokeTest(server.url, { 'expect-version': 'v2', samples: '12' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.passed).toBe('true');
    for (const name of ['p50-ms', 'p95-ms', 'p99-ms']) expect(run.outputs[name]).toMatch(/^\d+$/);
    expect(run.outputs['error-rate']).toBe('0');
    const checks = report(run).checks;
    expect(checks).toMatchObject([
      { name: 'GET /health', passed: true, attempts: 1, status: 200, version: 'v2' },
    ]);
    expect(checks[0]?.versions).toEqual({ v2: 13 });
    expect(server.requestCount('/health')).toBe(13); // 1 health-phase request + 12 samples
    expect(run.summary).toMatch(/\| ✅ GET \/health \| passed after 1 \| 200 \| v2 ×13 \|/);
    expectNoLeaks(run);
  });

  it('waits for a service that becomes healthy after a few seconds', async () => {
    // Refusing until 2.5 s after smoke-test's first attempt, not after the server's start: a slow
    // start of the action on a busy machine cannot use up the refusal (a loaded CI run saw 922 ms).
    const server = await start({ tasks: ['v2'], healthyAfterMs: 600_000 });
    let refused = false;
    const run = await smokeTest(
      server.url,
      { 'expect-version': 'v2', 'wait-until-healthy': '60s', samples: '4' },
      {
        onLine: (_stage, _stream, line) => {
          if (!refused && /GET \/health: attempt 1 status 503/.test(line)) {
            refused = true;
            server.set({ healthyAfterMs: 2_500 });
          }
        },
      },
    );
    expect(run.outputs.passed).toBe('true');
    const [health] = report(run).checks;
    expect(health?.attempts).toBeGreaterThan(1);
    expect(report(run).healthyAfterMs).toBeGreaterThanOrEqual(1_500); // the app refused for 2.5 s after attempt 1
    expect(run.log).toMatch(/GET \/health: attempt 1 status 503, expected 200/);
    expect(run.log).toMatch(/1 of 1 check\(s\) not passing yet; next try in/);
  });

  it('passes on the first answer after N starting ones, counting every attempt', async () => {
    const server = await start({ healthyAfterRequests: 3 });
    const run = await smokeTest(server.url, { samples: '2' });
    expect(run.outputs.passed).toBe('true');
    expect(report(run).checks[0]).toMatchObject({ attempts: 4, status: 200 });
    expect(server.requestCount('/health')).toBe(6);
  });

  it('waits through a rollout: old version first, then the new one', async () => {
    const server = await start({ tasks: ['v1'] });
    const running = smokeTest(server.url, { 'expect-version': 'v2', samples: '4' });
    // The new version comes once the old one has answered (not after a fixed time, which on a busy
    // machine can pass before the step's first request).
    while (server.requestCount('/health') === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    server.set({ tasks: ['v2'] });
    const run = await running;
    expect(run.outputs.passed).toBe('true');
    expect(run.log).toMatch(/attempt 1 version "v1" seen, expected "v2" \(in header x-app-version\)/);
  });

  it('accepts a plain list of paths', async () => {
    const server = await start();
    const run = await smokeTest(server.url, { checks: '/health\n/secure\n', samples: '3' });
    expect(run.outputs.passed).toBe('true');
    expect(report(run).checks.map((c) => c.name)).toEqual(['GET /health', 'GET /secure']);
    expect(server.requestCount('/secure')).toBe(4);
  });

  it('accepts JSON checks: POST with a JSON body, body-contains, version from a JSON field', async () => {
    const server = await start({ tasks: ['1.4.0+abc123'] });
    const checks = JSON.stringify([
      {
        path: '/echo',
        method: 'POST',
        body: { ping: 1 },
        'body-contains': '{\\"ping\\":1}',
        'check-version': false,
      },
      { name: 'build', path: '/health', status: [200, 204] },
    ]);
    const run = await smokeTest(server.url, {
      checks,
      'expect-version': 'abc123',
      'version-from': 'json:build.version',
      samples: '2',
    });
    expect(run.outputs.passed).toBe('true');
    const echoed = server.requests().find((r) => r.path === '/echo');
    expect(echoed).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
  });

  it('a check header replaces a global one whatever the case of either; URL credentials give way too', async () => {
    const server = await start();
    const url = server.url.replace('//', '//deploy:url-pa55word@');
    const run = await smokeTest(
      url,
      {
        headers: 'Authorization: Bearer global-token-1\nX-Team: shop',
        checks: [
          '- path: /echo',
          '  headers: { authorization: Bearer check-token-2, x-TEAM: api }',
          '- /health',
        ].join('\n'),
        samples: '1',
      },
      { secrets: ['url-pa55word', 'Bearer global-token-1', 'Bearer check-token-2'] },
    );
    expect(run.outputs.passed).toBe('true');
    const byPath = (path: string) => server.requests().filter((r) => r.path === path);
    for (const echo of byPath('/echo')) {
      expect(echo.headers).toMatchObject({ authorization: 'Bearer check-token-2', 'x-team': 'api' });
    }
    for (const health of byPath('/health')) {
      expect(health.headers).toMatchObject({ authorization: 'Bearer global-token-1', 'x-team': 'shop' });
    }
    expectNoLeaks(run);
  });

  it('the README example header-equals { content-type: application/json } holds for a charset', async () => {
    const server = await start(); // answers application/json; charset=utf-8, as most frameworks do
    const run = await smokeTest(server.url, {
      checks: '- path: /health\n  header-equals: { content-type: application/json }',
      samples: '2',
    });
    expect(run.outputs.passed).toBe('true');
    const strict = await smokeTest(server.url, {
      checks: '- path: /health\n  header-equals: { content-type: "application/json; charset=latin1" }',
      'wait-until-healthy': '0s',
    });
    expect(strict.errors.join('\n')).toContain(
      'header content-type is "application/json; charset=utf-8", expected "application/json; charset=latin1"',
    );
  });

  it('accepts YAML checks: body regex, JSON field equals, header equals', async () => {
    const server = await start({ tasks: ['v7'] });
    const checks = [
      '- name: health fields',
      '  path: /health',
      '  json-equals: { status: ok, build.commit: c0ffee-v7 }',
      '  header-equals: { Content-Type: application/json }',
      '  body-regex: \'/"VERSION":\\s*"v\\d+"/i\'',
    ].join('\n');
    const run = await smokeTest(server.url, { checks, samples: '2' });
    expect(run.outputs.passed).toBe('true');

    const wrong = checks.replace('status: ok', 'status: degraded').replace('health fields', 'strict');
    const failed = await smokeTest(server.url, { checks: wrong, samples: '2', 'wait-until-healthy': '0s' });
    expect(failed.exitCode).toBe(1);
    expect(failed.errors.join('\n')).toContain('strict: JSON field status is "ok", expected "degraded"');
  });

  it('fails a body regex that does not match, naming the check', async () => {
    const server = await start();
    const checks = '- path: /health\n  body-regex: \'"status":\\s*"green"\'';
    const run = await smokeTest(server.url, { checks, 'wait-until-healthy': '0s' });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/GET \/health: body does not match \/"status":\\s\*"green"\//);
  });

  it('follows and reports redirects; a check may judge the 3xx itself', async () => {
    const server = await start();
    const checks =
      '- /redirect\n- name: no-follow\n  path: /redirect?to=/elsewhere\n  follow-redirects: false\n  status: 302';
    const run = await smokeTest(server.url, { checks, samples: '2' });
    expect(run.outputs.passed).toBe('true');
    const [followed, kept] = report(run).checks;
    expect(followed?.redirects).toEqual([`302 → ${server.url}/health`]);
    expect(kept).toMatchObject({ status: 302, redirects: [] });
    expect(run.log).toContain(`GET /redirect was redirected: 302 → ${server.url}/health`);
    expect(server.requestCount('/elsewhere')).toBe(0);
  });

  it('does not carry credentials along a redirect to another origin', async () => {
    const [first, other] = [await start(), await start()];
    const run = await smokeTest(first.url, {
      headers: 'Authorization: Bearer tok_cross_origin_1234\nX-Team: shop',
      checks: `- path: /redirect?to=${other.url}/echo\n  check-version: false`,
      samples: '1',
    });
    expect(run.outputs.passed).toBe('true');
    const [arrived] = other.requests();
    expect(arrived?.headers['x-team']).toBe('shop');
    expect(arrived?.headers.authorization).toBeUndefined();
    expect(first.requests()[0]?.headers.authorization).toBe('Bearer tok_cross_origin_1234');
  });

  it('turns credentials in the URL into a masked Basic authorization header', async () => {
    const server = await start();
    const password = 'p4ss/w0rd-5ecret';
    const url = server.url.replace('//', `//deploy:${encodeURIComponent(password)}@`);
    const run = await smokeTest(url, { checks: '/echo', samples: '2' }, { secrets: [password] });
    expect(run.outputs.passed).toBe('true');
    const basic = `Basic ${Buffer.from(`deploy:${password}`).toString('base64')}`;
    expect(server.requests().map((r) => r.headers.authorization)).toEqual([basic, basic, basic]);
    expect(run.masked).toEqual(expect.arrayContaining([basic]));
    expect(run.summary).toContain(`smoke-test passed: ${server.url}`);
    expectNoLeaks(run);
  });

  it('warns about a mix of versions when no expect-version is given', async () => {
    const server = await start({ tasks: ['v1', 'v2'] });
    const run = await smokeTest(server.url, { samples: '5' });
    expect(run.outputs.passed).toBe('true');
    expect(run.warnings.join('\n')).toContain('GET /health: answers came from 2 versions (v1, v2)');
  });

  it('sends credential headers to the service and never shows them', async () => {
    const token = 'tok_4f9a8b7c6d5e4f3a2b1c';
    const apiKey = 'key-0123456789abcdef';
    const server = await start({ token });
    const run = await smokeTest(
      server.url,
      {
        headers: `Authorization: Bearer ${token}\nX-Api-Key: ${apiKey}\nX-Team: shop`,
        checks: '- /secure\n- /echo',
        samples: '3',
      },
      { secrets: [`Bearer ${token}`, apiKey] },
    );
    expect(run.outputs.passed).toBe('true');
    expect(server.requests().every((r) => r.headers['x-team'] === 'shop')).toBe(true);
    expect(run.masked).toEqual(expect.arrayContaining([token, apiKey])); // the action masked the bare token too
    expectNoLeaks(run);
    const everything = [run.log, run.summary, JSON.stringify(run.outputs)].join('\n');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(apiKey);
  });
});
