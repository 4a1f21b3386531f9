// The pure parts: parseChecks, version sources, evaluate (one answer) and judge (the verdict).
import { describe, expect, it } from '@jest/globals';
import { parseChecks, statusMatches, type Check } from '../src/checks.js';
import { evaluate, type Observation } from '../src/evaluate.js';
import type { Answer } from '../src/http.js';
import type { CheckRun, SmokeOptions } from '../src/types.js';
import { judge } from '../src/verdict.js';
import { parseVersionSource, valueAt, versionMatches } from '../src/version.js';

describe('parseChecks', () => {
  it('reads a plain list of paths, YAML and JSON alike', () => {
    const names = (text: string) => parseChecks(text).map((c) => c.name);
    expect(names('/health\n\n/api/items?limit=1\n')).toEqual(['GET /health', 'GET /api/items?limit=1']);
    expect(names('- /health\n- path: /x\n  method: post')).toEqual(['GET /health', 'POST /x']);
    expect(names('["/health", {"path": "/x", "name": "x"}]')).toEqual(['GET /health', 'x']);
  });

  it('fills defaults and normalises expectations', () => {
    const [check] = parseChecks(
      '- path: /x\n  method: PUT\n  body: { a: 1 }\n  status: [200, 3xx]\n  body-regex: /OK/i\n  header-equals: { X-App: shop }',
    );
    expect(check).toMatchObject({
      method: 'PUT',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
      status: ['200', '3xx'],
      headerEquals: { 'x-app': 'shop' },
      followRedirects: true,
      checkVersion: true,
    });
    expect(check?.bodyRegex?.test('all ok')).toBe(true);
  });

  it.each([
    ['', /empty list|must be a list/],
    ['[]', /empty list/],
    ['- path: /x\n  follow-redirects: "no"', /"follow-redirects" must be true or false/],
    ['- path: /x\n  headers: { "bad name": x }', /not a token/],
    ['- path: /x\n  json-equals: [1]', /"json-equals" must be a path or a mapping/],
    ['- 42', /must be a path or a mapping/],
    [
      '- path: /x\n  header-equals: { x-app-version: 2.0 }',
      /"x-app-version" must be a string \(it reads as 2\): quote/,
    ],
    ['- path: /x\n  header-equals: { x-cached: true }', /"x-cached" must be a string \(it reads as true\)/],
    [
      '- path: /x\n  json-equals: { build.version: 1.10 }',
      /"build.version" is written 1.10, which reads as the number 1.1: quote it \("1.10"\)/,
    ],
    [
      '- /a\n- path: /x\n  json-equals: { id: 0123e4 }',
      /item 2 "json-equals" "id" is written 0123e4, which reads as the number 1230000/,
    ],
    ['[{"path": "/x", "json-equals": {"n": 1.10}}]', /"n" is written 1.10/],
    [
      '- path: /x\n  method: HEAD\n  json-equals: { status: ok }',
      /checks "json-equals" with HEAD, whose answer has no body/,
    ],
    ['- path: /x\n  method: head\n  body-contains: ok', /checks "body-contains" with HEAD/],
  ])('refuses %j', (text, problem) => {
    expect(() => parseChecks(text)).toThrow(problem);
  });

  it('keeps numbers that read as written, and quoted texts as texts', () => {
    const [check] = parseChecks(
      '- path: /x\n  json-equals: { n: 2, f: 1.5, ok: true, v: "1.10", z: -3 }\n  header-equals: { X-V: "2.0" }',
    );
    expect(check?.jsonEquals).toEqual({ n: 2, f: 1.5, ok: true, v: '1.10', z: -3 });
    expect(check?.headerEquals).toEqual({ 'x-v': '2.0' });
  });

  it('lowercases header names so a check and the global headers merge without case', () => {
    const [check] = parseChecks('- path: /x\n  headers: { Authorization: Bearer b, X-Team: api }');
    expect(check?.headers).toEqual({ authorization: 'Bearer b', 'x-team': 'api' });
  });

  it('matches exact statuses and classes', () => {
    expect(statusMatches(['200'], 200)).toBe(true);
    expect(statusMatches(['200'], 201)).toBe(false);
    expect(statusMatches(['2xx', '304'], 204)).toBe(true);
    expect(statusMatches(['2xx', '304'], 301)).toBe(false);
  });
});

describe('versions', () => {
  it.each([
    ['v2', 'v2', true],
    ['1.4.0+abc123', 'abc123', true],
    ['registry/app:abc123', 'abc123', true],
    ['app@abc123', 'abc123', true],
    ['registry/app:abc123', 'app:abc123', true],
    ['registry/app:abc123-amd64', 'abc123', false],
    ['v10', 'v1', false],
    ['xabc123', 'abc123', false],
    ['v1 then v1', 'v1', true],
    ['1.4.0-rc.1', '1.4.0', false],
    ['v2-old', 'v2', false],
    ['1.4.0', '1.4.0-rc.1', false],
    // commit SHAs (hex, 7+ characters) match by prefix, either way
    ['0123456', '0123456789abcdef0123456789abcdef01234567', true],
    ['1.4.0+0123456789ab', '0123456789abcdef0123456789abcdef01234567', true],
    ['0123456789abcdef0123456789abcdef01234567', '0123456', true],
    ['0123456789ABCDEF0123456789abcdef01234567', '0123456789abcdef', true],
    ['0123457', '0123456789abcdef0123456789abcdef01234567', false],
    ['012345', '0123456789abcdef0123456789abcdef01234567', false],
  ])('%s carries %s: %s', (seen, expected, result) => {
    expect(versionMatches(seen, expected)).toBe(result);
  });

  it('reads header and JSON sources', () => {
    expect(parseVersionSource('header:X-App-Version')).toEqual({ kind: 'header', name: 'x-app-version' });
    expect(parseVersionSource('json:build.version')).toEqual({ kind: 'json', path: 'build.version' });
    expect(() => parseVersionSource('json:a..b')).toThrow(/json:<dot.path>/);
    expect(valueAt({ items: [{ id: 7 }] }, 'items.0.id')).toBe(7);
  });
});

const check = (over: Partial<Check> = {}): Check => ({ ...parseChecks('/health')[0]!, ...over });
const answer = (over: Partial<Answer> = {}): Answer => ({
  status: 200,
  headers: { 'x-app-version': 'v2', 'content-type': 'application/json' },
  body: '{"status":"ok","build":{"version":"v2"}}',
  redirects: [],
  latencyMs: 12,
  ...over,
});
const headerRule = { source: parseVersionSource('header:x-app-version'), expected: 'v2' };

describe('evaluate', () => {
  it('separates expectation problems from version problems', () => {
    const stale = evaluate(check(), answer({ headers: { 'x-app-version': 'v1' } }), headerRule);
    expect(stale).toMatchObject({ problem: undefined, version: 'v1' });
    expect(stale.versionProblem).toBe('version "v1" seen, expected "v2" (in header x-app-version)');
    const down = evaluate(check({ status: ['200'] }), answer({ status: 503 }), headerRule);
    expect(down.problem).toBe('status 503, expected 200');
    expect(down.versionProblem).toBeUndefined();
  });

  it('judges the version only on answers that are otherwise good', () => {
    const bare = answer({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>' });
    const observed = evaluate(check(), bare, headerRule);
    expect(observed.problem).toBe('status 502, expected 2xx');
    expect(observed.versionProblem).toBeUndefined();
    const ok = evaluate(check(), answer({ headers: {} }), headerRule);
    expect(ok.versionProblem).toBe('no version in header x-app-version, expected "v2"');
  });

  it('shows a version with control characters escaped', () => {
    const injected = answer({ headers: {}, body: '{"build":{"version":"v1\\n::warning::x"}}' });
    const jsonRule = { source: parseVersionSource('json:build.version'), expected: 'v2' };
    const observed = evaluate(check(), injected, jsonRule);
    expect(observed.version).toBe('v1\\n::warning::x');
    expect(observed.versionProblem).not.toContain('\n');
  });

  it('compares a content-type given without parameters by its media type', () => {
    const typed = (expected: string, actual: string) =>
      evaluate(
        check({ headerEquals: { 'content-type': expected } }),
        answer({ headers: { 'x-app-version': 'v2', 'content-type': actual } }),
        headerRule,
      ).problem;
    expect(typed('application/json', 'application/json; charset=utf-8')).toBeUndefined();
    expect(typed('application/json', 'Application/JSON')).toBeUndefined();
    expect(typed('application/json', 'text/html; charset=utf-8')).toMatch(/header content-type is/);
    expect(typed('application/json; charset=utf-8', 'application/json')).toMatch(/header content-type is/);
  });

  it('judges JSON fields, headers and a non-JSON body', () => {
    const jsonCheck = check({ jsonEquals: { 'build.version': 'v2', status: 'ok' } });
    expect(evaluate(jsonCheck, answer(), headerRule).problem).toBeUndefined();
    expect(evaluate(jsonCheck, answer({ body: '<html>' }), headerRule).problem).toMatch(/body is not JSON/);
    const headerCheck = check({ headerEquals: { 'cache-control': 'no-store' } });
    expect(evaluate(headerCheck, answer(), headerRule).problem).toBe(
      'header cache-control is missing, expected "no-store"',
    );
  });

  it('reads the version from JSON and skips it where check-version is false', () => {
    const jsonRule = { source: parseVersionSource('json:build.version'), expected: 'v3' };
    expect(evaluate(check(), answer(), jsonRule).versionProblem).toMatch(/in JSON field build.version/);
    expect(evaluate(check({ checkVersion: false }), answer(), jsonRule).versionProblem).toBeUndefined();
  });
});

describe('judge', () => {
  const options = { maxP95Ms: 500, maxErrorRate: 0.01, version: headerRule, waitUntilHealthyMs: 60_000 };
  const ok = (latencyMs: number): Observation => ({ status: 200, latencyMs, version: 'v2', redirects: [] });
  const run = (samples: Observation[]): CheckRun => ({
    check: check(),
    healthy: true,
    attempts: 1,
    last: ok(5),
    samples,
  });

  it('says by how much p95 and the error rate are over, and tallies the kinds of errors', () => {
    const samples = [
      ...Array.from({ length: 96 }, () => ok(20)),
      ...Array.from({ length: 2 }, () => ({ ...ok(900), problem: 'status 500, expected 200', status: 500 })),
      { redirects: [], problem: 'no answer within request-timeout 5s (hanging)', timedOut: true },
      ok(812),
    ];
    const verdict = judge({ checks: [run(samples)] }, options as SmokeOptions);
    expect(verdict.passed).toBe(false);
    expect(verdict.checks[0]?.failures).toEqual([
      'GET /health: error rate 3.0% is over max-error-rate 1.0% (3 of 100 requests: 500 ×2, timeout ×1)',
    ]);
    expect(verdict.errorRate).toBe(0.03);
  });

  it('counts a 502 without a version as an error, not as a stale version', () => {
    const bare = { status: 502, latencyMs: 3, redirects: [], problem: 'status 502, expected 2xx' };
    const samples = [...Array.from({ length: 99 }, () => ok(20)), bare];
    const verdict = judge({ checks: [run(samples)] }, { ...options, maxErrorRate: 0.05 } as SmokeOptions);
    expect(verdict.passed).toBe(true);
    expect(verdict.errorRate).toBe(0.01);
  });

  it('fails p95 by the amount it is over', () => {
    const samples = [...Array.from({ length: 9 }, () => ok(20)), ok(900)];
    const verdict = judge({ checks: [run(samples)] }, options as SmokeOptions);
    expect(verdict.checks[0]?.failures).toEqual([
      'GET /health: p95 900 ms is over max-p95-ms 500 (by 400 ms)',
    ]);
    expect(verdict.latency).toMatchObject({ p50: 20, p95: 900 });
  });

  it('passes when every limit holds and counts the versions seen', () => {
    const verdict = judge(
      { checks: [run(Array.from({ length: 20 }, () => ok(30)))] },
      options as SmokeOptions,
    );
    expect(verdict).toMatchObject({ passed: true, requests: 20, errorRate: 0 });
    expect(verdict.checks[0]?.versions).toEqual({ v2: 21 });
  });
});
