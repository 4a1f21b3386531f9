// Hostile-input suite (issue #15), bundled dist through the harness: generated inputs, a registry on
// 127.0.0.1 whose answers carry hostile text and echo the password, and a docker whose messages do the
// same (login echoes the password it read on stdin), with command injections, control/bidi
// characters and 10–100 kB strings. FC_RUNS (cases per property, default below) and FC_SEED (default
// fixed) override the run; a random seed runs a quarter as many cases after the fixed one.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { runAction } from '@shipline/action-harness';
import { createWorkspace, type TestWorkspace } from '@shipline/local-services/testing';
import {
  expectHostileSafe,
  expectOneLineRefusals,
  allWithLineBreaks,
} from '../../../test/support/hostile-checks.js';
import { headerSafe, startScriptedServer, type LocalServer } from '../../../test/support/hostile-servers.js';
import {
  anyHostileText,
  hostileInputs,
  echo,
  hostileText,
  renderEcho,
  reportCases,
  runParameters,
} from '../../../test/support/hostile-text.js';
import { actionDir, tempDir } from './helpers.js';

const { fixed, random, oneLine } = runParameters(8);
const cases: Record<string, number> = {};
const count = (what: string, n = 1) => (cases[what] = (cases[what] ?? 0) + n);

const PASSWORD = 'RegPw789-hostile-4f1e2d3c';
let registry: LocalServer;
let workspace: TestWorkspace;
let bin: string;
let dockerConfig: string;
let registryAnswer = { status: 404, body: '{}', challenge: '' };

/**
 * A docker that says `$HOSTILE_TEXT_FILE` on both streams; login echoes the password it read on
 * stdin and fails; buildx is missing (the classic path); build and push fail.
 */
const DOCKER = `#!/bin/sh
printf '%s\\n' "$*" >> "$(dirname "$0")/calls.log"
case "$1" in
  buildx) echo "docker: unknown command: docker buildx" >&2; exit 1 ;;
  logout|version|info) exit 0 ;;
  login) pw=$(cat); printf 'Error response from daemon: login attempt failed for %s: ' "$pw" >&2 ;;
esac
cat "$HOSTILE_TEXT_FILE"; cat "$HOSTILE_TEXT_FILE" >&2
exit 1
`;

beforeAll(async () => {
  registry = await startScriptedServer(() => ({
    status: registryAnswer.status,
    headers: {
      'www-authenticate': headerSafe(registryAnswer.challenge),
      'docker-distribution-api-version': 'registry/2.0',
    },
    body: registryAnswer.body,
  }));
  workspace = createWorkspace({ Dockerfile: 'FROM scratch\nCOPY Dockerfile /\n' });
  bin = tempDir('hostile-docker-');
  dockerConfig = tempDir('hostile-docker-config-');
  fs.writeFileSync(path.join(bin, 'docker'), DOCKER, { mode: 0o755 });
});
afterAll(async () => {
  await registry.close();
  workspace.remove();
  fs.rmSync(bin, { recursive: true, force: true });
  fs.rmSync(dockerConfig, { recursive: true, force: true });
  reportCases('build-and-push', cases);
});

const host = () => registry.url.replace('http://', '');
const dockerCalls = () =>
  fs.existsSync(path.join(bin, 'calls.log')) ? fs.readFileSync(path.join(bin, 'calls.log'), 'utf8') : '';

/** One step run with the hostile docker first on PATH; network calls: registry requests + docker calls. */
async function build(inputs: Record<string, string>, dockerText = 'ok') {
  const textFile = path.join(bin, 'text');
  fs.writeFileSync(textFile, dockerText);
  fs.writeFileSync(path.join(bin, 'calls.log'), '');
  const before = registry.requests.length;
  const run = await runAction({
    actionDir,
    workspace: workspace.dir,
    inputs: { image: `${host()}/shop/web`, username: 'deploy', password: PASSWORD, retries: '0', ...inputs },
    secrets: [PASSWORD],
    env: { PATH: `${bin}:${process.env.PATH}`, DOCKER_CONFIG: dockerConfig, HOSTILE_TEXT_FILE: textFile },
    context: { repository: 'acme/shop', sha: randomBytes(20).toString('hex'), ref: 'refs/heads/main' },
    timeoutMs: 60_000,
  });
  const docker = dockerCalls()
    .split('\n')
    .filter((line) => line && !line.startsWith('buildx'));
  return { run, calls: registry.requests.length - before + docker.length };
}

const secrets = () => [PASSWORD, `http://deploy:${PASSWORD}@${host()}/shop/web`];

const INPUTS = [
  'image',
  'tags',
  'labels',
  'build-args',
  'target',
  'platforms',
  'context',
  'dockerfile',
  'registry-type',
  'username',
  'cache',
  'retries',
];
const generatedInputs = hostileInputs(INPUTS);
/** An image written like a URL with the registry password in it (the review's finding 4), made hostile. */
const credentialImage = fc
  .tuple(fc.constantFrom('https', 'http'), hostileText({ noNul: true }))
  .map(([scheme, tail]) => ({ scheme, tail }));

type Credentials = typeof credentialImage extends fc.Arbitrary<infer T> ? T : never;

describe('build-and-push: hostile inputs', () => {
  const property = (params: fc.Parameters<[Record<string, string>, Credentials | undefined]>) =>
    test.prop([generatedInputs, fc.option(credentialImage, { nil: undefined })], params)(
      'inject no command, leak no secret (each input alone and mixed)',
      async (inputs, credentials) => {
        count('hostile inputs', Object.keys(inputs).length + (credentials ? 1 : 0) || 1);
        const image: Record<string, string> = credentials
          ? { image: `${credentials.scheme}://deploy:${PASSWORD}@${host()}/app${credentials.tail}` }
          : {};
        const { run } = await build({ ...inputs, ...image });
        expectHostileSafe(run, { secrets: secrets() });
      },
      120_000,
    );
  property(fixed);
  property(random);
});

const hostileWorld = fc.record({
  status: fc.constantFrom(401, 403, 404, 429, 500, 503),
  echo: echo(),
  registryText: anyHostileText(),
  dockerText: anyHostileText(),
  echoInRegistry: fc.boolean(),
});
type World = typeof hostileWorld extends fc.Arbitrary<infer T> ? T : never;

describe('build-and-push: hostile registry answers and docker messages echoing the password', () => {
  const property = (params: fc.Parameters<[World]>) =>
    test.prop([hostileWorld], params)(
      'quote no secret form, start no command',
      async (world) => {
        count('hostile registry/docker answers');
        const echoed = renderEcho(world.echo, secrets());
        const text = world.echoInRegistry ? echoed : world.registryText;
        registryAnswer = {
          status: world.status,
          body: JSON.stringify({ errors: [{ code: 'DENIED', message: text }] }),
          challenge: `Basic realm="${text}"`,
        };
        const { run } = await build({}, `${world.dockerText}\n${world.echoInRegistry ? '' : echoed}`);
        expectHostileSafe(run, { secrets: secrets() });
      },
      120_000,
    );
  property(fixed);
  property(random);
});

const ONE_LINE: Record<string, string> = {
  context: '.',
  dockerfile: 'Dockerfile',
  image: 'localhost:5000/shop/web',
  target: 'runtime',
  push: 'true',
  'registry-type': 'generic',
  username: 'deploy',
  password: PASSWORD,
  cache: 'none',
  'skip-existing': 'true',
  retries: '3',
};

describe('build-and-push: line breaks in one-line inputs are refused before any call', () => {
  test.prop([fc.nat(2), hostileText({ noNul: true })], oneLine)(
    'every one-line input broken in one run, each named',
    async (breakKind, after) => {
      const good: Record<string, string> = ONE_LINE;
      count('CR/LF in one-line inputs', Object.keys(good).length);
      const given = allWithLineBreaks(good, breakKind, after);
      const { run, calls } = await build(given);
      expectOneLineRefusals(run, Object.keys(good), calls);
      expectHostileSafe(run, { secrets: secrets() });
    },
    60_000,
  );
});
