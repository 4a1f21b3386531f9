// smoke-test bad inputs (bundled dist): refused before any request, header lines never echoed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startAppServer, type AppServer } from '@shipline/local-services/app';
import { errors, smokeTest } from './support.js';

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app.close());

// Each case: inputs (url defaults to the app's), the input the error must name, what it must say.
const BAD_INPUTS: [string, Record<string, string>, string, RegExp][] = [
  ['url not absolute', { url: 'staging.example.com' }, 'url', /not an absolute URL/],
  ['url not http', { url: 'ftp://127.0.0.1/' }, 'url', /must use https or http, not ftp/],
  ['url with a query', { url: 'APP/?x=1' }, 'url', /without \?query/],
  ['checks not YAML', { checks: '- path: /health\n  status: [200' }, 'checks', /not valid YAML/],
  ['checks not JSON', { checks: '[{"path": "/health",]' }, 'checks', /not valid JSON/],
  ['checks not a list', { checks: 'path: /health' }, 'checks', /must be a list/],
  ['check without path', { checks: '- method: GET' }, 'checks', /item 1 needs a "path"/],
  ['check path without /', { checks: '- health' }, 'checks', /item 1 needs a "path" that starts with \//],
  ['check key misspelt', { checks: '- path: /health\n  stauts: 200' }, 'checks', /unknown key "stauts"/],
  ['check status 999', { checks: '- path: /health\n  status: 999' }, 'checks', /not an HTTP status/],
  [
    'check bad regex',
    { checks: '- path: /health\n  body-regex: "(unclosed"' },
    'checks',
    /regular expression/,
  ],
  ['check bad method', { checks: '- path: /health\n  method: FETCH' }, 'checks', /method "FETCH"/],
  ['check body with GET', { checks: '- path: /echo\n  body: hi' }, 'checks', /sends a body with GET/],
  ['two checks, one name', { checks: '- /health\n- /health' }, 'checks', /distinct names/],
  [
    'expect-version with every check check-version false',
    { 'expect-version': 'v2', checks: '- path: /health\n  check-version: false' },
    'expect-version',
    /every check has check-version: false/,
  ],
  [
    'version from JSON with a HEAD check',
    { 'version-from': 'json:build.version', checks: '- /health\n- path: /ready\n  method: HEAD' },
    'version-from',
    /"HEAD \/ready" uses HEAD, whose answer has no body/,
  ],
  [
    'HEAD with json-equals',
    { checks: '- path: /health\n  method: HEAD\n  json-equals: { status: ok }' },
    'checks',
    /"json-equals" with HEAD/,
  ],
  [
    'header-equals with a YAML number',
    { checks: '- path: /health\n  header-equals: { x-app-version: 2.0 }' },
    'checks',
    /quote the value/,
  ],
  [
    'json-equals with a number YAML rewrites',
    { checks: '- path: /health\n  json-equals: { build.version: 1.10 }' },
    'checks',
    /written 1.10, which reads as the number 1.1/,
  ],
  ['version-from unknown', { 'version-from': 'body:version' }, 'version-from', /header:<name> nor json/],
  ['headers line without colon', { headers: 'Authorization Bearer x' }, 'headers', /line 1/],
  ['request-timeout without unit', { 'request-timeout': '5' }, 'request-timeout', /has no unit/],
  [
    'wait-until-healthy not a duration',
    { 'wait-until-healthy': 'soon' },
    'wait-until-healthy',
    /not a duration/,
  ],
  ['samples zero', { samples: '0' }, 'samples', /below the minimum 1/],
  ['concurrency not a number', { concurrency: 'four' }, 'concurrency', /not a whole number/],
  ['max-p95-ms negative', { 'max-p95-ms': '-5' }, 'max-p95-ms', /below the minimum/],
  ['max-error-rate bare 5', { 'max-error-rate': '5' }, 'max-error-rate', /write a percentage with %/],
  ['max-error-rate 150%', { 'max-error-rate': '150%' }, 'max-error-rate', /above 100%/],
  ['insecure-tls yes', { 'insecure-tls': 'yes' }, 'insecure-tls', /not a boolean/],
];

describe('smoke-test refuses bad inputs before any request', () => {
  it.each(BAD_INPUTS)('%s', async (_case, inputs, input, problem) => {
    const url = (inputs.url ?? 'APP').replace('APP', app.url);
    const run = await smokeTest(url, { ...inputs, url });
    expect(run.exitCode).toBe(1);
    const error = run.errors.find((e) => e.includes(`Input '${input}'`));
    expect(error).toMatch(problem);
    expect(error).toMatch(/Example of a good value/);
    expect(errors(run)).toMatch(/input\(s\) are not valid/);
    expect(run.outputs.passed).toBeUndefined();
    expect(app.requestCount()).toBe(0);
  });

  it('reports every bad input of one run together', async () => {
    const run = await smokeTest(app.url, { samples: 'many', 'max-error-rate': 'lots', checks: '- nope' });
    expect(run.errors.filter((e) => e.startsWith('Input '))).toHaveLength(3);
    expect(app.requestCount()).toBe(0);
  });

  it('never echoes a bad header line, which may hold a credential', async () => {
    const secret = 'Bearer s3cr3t-t0ken-value';
    const run = await smokeTest(app.url, { headers: `Authorization ${secret}` }, { secrets: [secret] });
    expect(run.exitCode).toBe(1);
    const raw = run.stages.map((stage) => stage.stdout + stage.stderr).join('\n');
    expect(raw).toContain("Input 'headers'");
    expect(raw).not.toContain('s3cr3t');
    expect(app.requestCount()).toBe(0);
  });
});
