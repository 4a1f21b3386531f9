// Hostile-input suite (issue #15), bundled dist through the harness: generated inputs and answers of
// the application under test (status, body, version header, redirects) carrying command injections,
// control/bidi characters, 10–100 kB strings and the step's credentials echoed back.
// FC_RUNS (cases per property, default below) and FC_SEED (default fixed) override the run; a random
// seed runs a quarter as many cases after the fixed one. Cases run: printed at the end.
import { afterAll, beforeAll, describe } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { runAction } from '@shipline/action-harness';
import {
  expectHostileSafe,
  expectOneLineRefusals,
  allWithLineBreaks,
} from '../../../test/support/hostile-checks.js';
import {
  headerSafe,
  startScriptedServer,
  type LocalServer,
  type ScriptedAnswer,
} from '../../../test/support/hostile-servers.js';
import {
  anyHostileText,
  hostileInputs,
  echo,
  hostileText,
  renderEcho,
  reportCases,
  runParameters,
} from '../../../test/support/hostile-text.js';
import { actionDir } from './support.js';

const { fixed, random, oneLine } = runParameters(8);
const cases: Record<string, number> = {};
const count = (what: string, n = 1) => (cases[what] = (cases[what] ?? 0) + n);

const PASSWORD = 'UrlPassw0rd-hostile-9f2c';
const TOKEN = 'bearerT0ken-hostile-51d7e0a9';
const API_KEY = 'apiKey-hostile-77c1e0b3f4';
let app: LocalServer;
let answer: () => ScriptedAnswer = () => ({ status: 200, headers: { 'x-app-version': 'v2' }, body: '{}' });
const url = () => app.url.replace('http://', `http://deploy:${PASSWORD}@`);
const secrets = () => [PASSWORD, TOKEN, API_KEY, url()];
const HEADERS = `Authorization: Bearer ${TOKEN}\nX-Api-Key: ${API_KEY}`;

beforeAll(async () => {
  app = await startScriptedServer(() => answer());
});
afterAll(async () => {
  await app.close();
  reportCases('smoke-test', cases);
});

/** One step run, the credentials passed as a workflow passes secrets; fast settings unless overridden. */
async function smoke(inputs: Record<string, string>) {
  const before = app.requests.length;
  const run = await runAction({
    actionDir,
    inputs: {
      url: url(),
      headers: HEADERS,
      'wait-until-healthy': '0s',
      samples: '1',
      'request-timeout': '2s',
      ...inputs,
    },
    secrets: [PASSWORD, TOKEN, API_KEY],
    timeoutMs: 30_000,
  });
  return { run, calls: app.requests.length - before };
}

const INPUTS = ['expect-version', 'version-from', 'checks', 'headers', 'samples', 'max-error-rate'];
const generatedInputs = hostileInputs(INPUTS);
/** A check whose name, path and expectations carry hostile text (as JSON, which YAML reads too). */
const hostileCheck = fc
  .record({ name: hostileText(), path: hostileText(), 'body-contains': hostileText() })
  .map((check) => JSON.stringify([{ ...check, path: `/h?q=${encodeURIComponent(check.path)}` }]));

describe('smoke-test: hostile inputs', () => {
  const property = (params: fc.Parameters<[Record<string, string>, string | undefined]>) =>
    test.prop([generatedInputs, fc.option(hostileCheck, { nil: undefined })], params)(
      'inject no command, leak no secret (each input alone and mixed)',
      async (inputs, checks) => {
        answer = () => ({ status: 200, headers: { 'x-app-version': 'v2' }, body: '{"version":"v2"}' });
        count('hostile inputs', Object.keys(inputs).length + (checks ? 1 : 0) || 1);
        const { run } = await smoke({ ...(checks ? { checks } : {}), ...inputs });
        expectHostileSafe(run, { secrets: secrets() });
      },
      120_000,
    );
  property(fixed);
  property(random);
});

const hostileAnswer = fc.record({
  status: fc.constantFrom(200, 302, 404, 500, 502, 503),
  echo: fc.option(echo(), { nil: undefined }),
  body: anyHostileText(),
  version: hostileText(),
  echoRequest: fc.boolean(),
  versionFrom: fc.constantFrom('header:x-app-version', 'json:version'),
});
type Reply = typeof hostileAnswer extends fc.Arbitrary<infer T> ? T : never;

describe('smoke-test: hostile answers of the application echoing the credentials', () => {
  const property = (params: fc.Parameters<[Reply]>) =>
    test.prop([hostileAnswer], params)(
      'quote no secret form, start no command',
      async (reply) => {
        count('hostile answers');
        const text = reply.echo ? renderEcho(reply.echo, secrets()) : reply.body;
        answer = () => {
          const request = app.requests.at(-1);
          const body = reply.echoRequest
            ? JSON.stringify({ version: reply.version, headers: request?.headers, text })
            : text;
          const headers = { 'x-app-version': headerSafe(reply.version), location: headerSafe(`/${text}`) };
          return { status: reply.status, headers, body };
        };
        const checks = JSON.stringify([{ path: '/health', 'body-contains': 'healthy' }]);
        const { run } = await smoke({ checks, 'expect-version': 'v2', 'version-from': reply.versionFrom });
        expectHostileSafe(run, { secrets: secrets() });
      },
      120_000,
    );
  property(fixed);
  property(random);
});

/** A good value of every one-line input, for a run that sets it alone with a line break inside. */
const ONE_LINE: Record<string, () => string> = {
  url,
  'expect-version': () => 'v2.3.1',
  'version-from': () => 'header:x-app-version',
  'request-timeout': () => '5s',
  'wait-until-healthy': () => '2m',
  samples: () => '20',
  concurrency: () => '4',
  'max-p95-ms': () => '500',
  'max-error-rate': () => '1%',
  'insecure-tls': () => 'false',
};

describe('smoke-test: line breaks in one-line inputs are refused before any request', () => {
  test.prop([fc.nat(2), hostileText({ noNul: true })], oneLine)(
    'every one-line input broken in one run, each named',
    async (breakKind, after) => {
      const good: Record<string, string> = Object.fromEntries(
        Object.entries(ONE_LINE).map(([k, v]) => [k, v()]),
      );
      count('CR/LF in one-line inputs', Object.keys(good).length);
      const given = allWithLineBreaks(good, breakKind, after);
      const { run, calls } = await smoke(given);
      expectOneLineRefusals(run, Object.keys(good), calls);
      expectHostileSafe(run, { secrets: secrets() });
    },
    60_000,
  );
});
