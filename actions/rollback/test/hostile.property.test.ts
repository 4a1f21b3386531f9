// Hostile-input suite (issue #15), bundled dist through the harness against the ECS emulator behind a
// proxy: generated inputs, and ECS service events, stoppedReason, container reasons and error
// messages carrying command injections, control/bidi characters and the AWS credentials echoed back.
// FC_RUNS (cases per property, default below) and FC_SEED (default fixed) override the run; a random
// seed runs a quarter as many cases after the fixed one. Cases run: printed at the end.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from '@jest/globals';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { fc, test } from '@fast-check/jest';
import { runAction } from '@shipline/action-harness';
import { createAppService, registerApp, waitForSteady } from '@shipline/ecs-emulator/testing';
import {
  expectHostileSafe,
  expectOneLineRefusals,
  allWithLineBreaks,
} from '../../../test/support/hostile-checks.js';
import {
  ecsHostility,
  startHostileEcs,
  type EcsHostility,
  type HostileEcs,
} from '../../../test/support/hostile-ecs.js';
import {
  hostileInputs,
  hostileText,
  reportCases,
  runParameters,
} from '../../../test/support/hostile-text.js';

const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { fixed, random, oneLine } = runParameters(8);
const cases: Record<string, number> = {};
const count = (what: string, n = 1) => (cases[what] = (cases[what] ?? 0) + n);

let ecs: HostileEcs;
beforeAll(async () => {
  ecs = await startHostileEcs({ scenarios: [{ image: '*:crash', behaviour: 'crash-on-start' }] });
});
afterAll(async () => {
  await ecs.close();
  reportCases('rollback', cases);
});

let services = 0;
/**
 * A service that ran v1 then `current` (unless `setUp` is false), then one rollback step with
 * `inputs` while ECS says `hostility`.
 */
async function rollback(inputs: Record<string, string>, hostility?: EcsHostility, setUp = true) {
  const service = `hostile${++services}`;
  ecs.use(undefined);
  if (setUp) {
    await createAppService(ecs.ecs, {
      service,
      image: `shop/${service}:v1`,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
    });
    await waitForSteady(ecs.ecs, service);
    const v2 = await registerApp(ecs.ecs, service, `shop/${service}:v2`);
    await ecs.ecs.send(new UpdateServiceCommand({ cluster: 'apps', service, taskDefinition: v2 }));
    await waitForSteady(ecs.ecs, service);
  }
  ecs.use(hostility);
  const before = ecs.proxy.requests.length;
  const run = await runAction({
    actionDir,
    inputs: { cluster: 'apps', service, timeout: '1m', ...inputs },
    env: ecs.env,
    secrets: ecs.secrets,
    timeoutMs: 60_000,
  });
  ecs.use(undefined);
  return { run, calls: ecs.proxy.requests.length - before };
}

const generatedInputs = hostileInputs(['cluster', 'service', 'to', 'timeout']);

describe('rollback: hostile inputs', () => {
  const property = (params: fc.Parameters<[Record<string, string>]>) =>
    test.prop([generatedInputs], params)(
      'inject no command, leak no secret (each input alone and mixed)',
      async (inputs) => {
        count('hostile inputs', Object.keys(inputs).length || 1);
        const { run } = await rollback(inputs);
        expectHostileSafe(run, { secrets: ecs.secrets });
      },
      120_000,
    );
  property(fixed);
  property(random);
});

const OPERATIONS = [
  'DescribeServices',
  'UpdateService',
  'ListServiceDeployments',
  'DescribeServiceDeployments',
  'DescribeTaskDefinition',
];

/** The AWS secret key echoed by an AccessDenied, as found in deploy-ecs (see its suite). */
const ECS_REGRESSIONS: [EcsHostility][] = [
  [
    {
      text: '\n::error::PWNd7q ##[error]PWNd7q \u202E',
      echo: { secret: 0, form: 0, before: '', after: '' },
      fault: { operation: 'UpdateService', type: 'access-denied', count: 1 },
    },
  ],
];

describe('rollback: hostile ECS messages and errors echoing the credentials', () => {
  const property = (params: fc.Parameters<[EcsHostility]>) =>
    test.prop([ecsHostility(OPERATIONS)], params)(
      'quote no secret form, start no command',
      async (hostility) => {
        count('hostile ECS answers');
        const { run } = await rollback({}, hostility);
        expectHostileSafe(run, { secrets: ecs.secrets });
      },
      120_000,
    );
  property({ ...fixed, examples: ECS_REGRESSIONS });
  property(random);
});

const ONE_LINE: Record<string, string> = { cluster: 'apps', to: 'previous', wait: 'true', timeout: '15m' };

describe('rollback: line breaks in one-line inputs are refused before any call', () => {
  test.prop([fc.nat(2), hostileText({ noNul: true })], oneLine)(
    'every one-line input broken in one run, each named',
    async (breakKind, after) => {
      const good: Record<string, string> = ONE_LINE;
      count('CR/LF in one-line inputs', Object.keys(good).length);
      const given = allWithLineBreaks(good, breakKind, after);
      // Refused before any call: no service needed.
      const { run, calls } = await rollback(given, undefined, false);
      expectOneLineRefusals(run, Object.keys(good), calls);
      expectHostileSafe(run, { secrets: ecs.secrets });
    },
    60_000,
  );
});
