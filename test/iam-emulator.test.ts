// The generated deploy policy against the emulator's IAM check: a deploy, a failed one rolled back
// and the rollback action's own rollback pass with exactly the list's permissions; without any one
// listed permission those calls used, they fail naming it (AccessDeniedException, as AWS words it).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import {
  createAppService,
  ecsClient,
  startTestEmulator,
  waitForSteady,
} from '@shipline/ecs-emulator/testing';
import { collectingLog } from '@shipline/toolkit/testing';
import { createEcsClient, deploy, rollBackServices, type DeployOptions } from '../packages/ecs/src/index.js';
import { AWS_CALLS, type AwsCall } from '../scripts/iam-policy/aws-calls.js';
import { identityPolicy } from '../scripts/iam-policy/policy.js';
import type { PolicyScope } from '../scripts/iam-policy/policy-types.js';

let emulator: EmulatorHandle;
/** Set-up goes unchecked (its key has no role); a pipeline acts with the key of its role. */
const setup = () => ecsClient(emulator, 1);
const actingAs = (key: string) =>
  createEcsClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: key, secretAccessKey: 'x' },
    maxAttempts: 1,
  });
const ACCOUNT = '123456789012';
const PRINCIPAL = `arn:aws:sts::${ACCOUNT}:assumed-role/shop-deploy-production/shipline-deploy-1`;
const NO_ECS_ROLLBACK = { deploymentCircuitBreaker: { enable: true, rollback: false } };

beforeAll(async () => {
  emulator = await startTestEmulator({
    scenarios: [
      { image: '*:oom', behaviour: 'crash-on-start', exitCode: 137 },
      { image: '*:slow', slowStart: 600 },
    ],
  });
});
afterAll(() => emulator.close());

const scope = (service: string): PolicyScope => ({
  partition: 'aws',
  account: ACCOUNT,
  region: 'us-east-1',
  cluster: 'apps',
  services: [service],
  families: [service],
  ecrRepositories: [service],
  passRoles: [`${service}-task`, `${service}-execution`],
  logGroups: [`/ecs/${service}`],
  secrets: [],
  ssmParameters: [],
});

const deployOptions = (service: string, image: string): DeployOptions => ({
  cluster: 'apps',
  services: [service],
  source: {
    kind: 'file',
    definition: {
      family: service,
      taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${service}-task`,
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/${service}-execution`,
      containerDefinitions: [
        { name: 'app', image, essential: true, portMappings: [{ containerPort: 8080 }] },
      ],
      tags: [{ key: 'app', value: service }],
    },
  },
  forceNewDeployment: false,
  wait: true,
  timeoutMs: 120_000,
  rollbackOnFailure: true,
  skipRegisterIfUnchanged: true,
  keepRevisions: 1,
});

/**
 * On a new service, under the policy made from `calls`: two good deploys (the second deregisters the
 * oldest revision), a crashing one (deploy-ecs rolls it back), and a rollback action run while a
 * slow deploy is in progress (StopServiceDeployment). Outcomes and warnings as text, up to a throw.
 */
async function pipelineAs(key: string, service: string): Promise<string> {
  await createAppService(setup(), {
    service,
    image: `shop/${service}:v1`,
    deploymentConfiguration: NO_ECS_ROLLBACK,
  });
  await waitForSteady(setup(), service);
  const log = collectingLog();
  const deps = { ecs: actingAs(key), log };
  const outcomes: string[] = [];
  try {
    for (const image of ['v2', 'v3', 'oom'])
      outcomes.push(JSON.stringify(await deploy(deployOptions(service, `shop/${service}:${image}`), deps)));
    outcomes.push(
      JSON.stringify(await deploy({ ...deployOptions(service, `shop/${service}:slow`), wait: false }, deps)),
    );
    const rollback = { cluster: 'apps', services: [service], to: 'previous', wait: true, timeoutMs: 120_000 };
    outcomes.push(JSON.stringify(await rollBackServices(rollback, deps)));
  } catch (error) {
    outcomes.push(`threw: ${(error as Error).message}`);
  }
  return [...outcomes, ...log.lines].join('\n');
}

const deployRole = AWS_CALLS.filter((c) => c.role === 'deploy');
const serviceOf = (key: string) => `web-${key.replace(/\W/g, '-').toLowerCase()}`;
/** Access key → the deploy role of its service: the whole list, or the list without one call. */
function roles(keys: { key: string; calls: readonly AwsCall[] }[]) {
  return Object.fromEntries(
    keys.map(({ key, calls }) => [
      key,
      { policy: identityPolicy('deploy', scope(serviceOf(key)), calls), principal: PRINCIPAL },
    ]),
  );
}
const operation = (call: AwsCall) => call.action.split(':')[1]!;

describe('the deploy role policy, enforced by the emulator', () => {
  it('lets the deploys, a failed deploy rolled back and a rollback through, using every ECS call of the list', async () => {
    emulator.setIamCheck({ roles: roles([{ key: 'full', calls: AWS_CALLS }]) });
    const before = new Map(deployRole.map((c) => [c.action, emulator.requestCount(operation(c))]));
    const outcomes = (await pipelineAs('full', serviceOf('full'))).split('\n');
    expect(outcomes.slice(0, 5).map((o) => /"rolloutState":"(\w+)"/.exec(o)?.[1])).toEqual([
      'COMPLETED',
      'COMPLETED',
      'FAILED',
      'IN_PROGRESS',
      'COMPLETED',
    ]);
    expect(outcomes[1]).toMatch(/"deregistered":\["arn:[^"]+:1"\]/);
    expect(outcomes[4]).toMatch(/"method":"StopServiceDeployment".*"succeeded":true/);
    expect(outcomes.join('\n')).not.toMatch(/not authorized/);
    const unused = deployRole.filter(
      (c) => 'sdk' in c.made && emulator.requestCount(operation(c)) === before.get(c.action),
    );
    expect(unused.map((c) => c.action)).toEqual([]);
  });

  it('without any one permission of the list, the pipeline stops or warns naming it', async () => {
    const without = deployRole.map((removed) => ({
      key: removed.action,
      calls: AWS_CALLS.filter((c) => c !== removed),
    }));
    emulator.setIamCheck({ roles: roles(without) });
    const outcomes = await Promise.all(without.map(({ key }) => pipelineAs(key, serviceOf(key))));
    const named = without.map(({ key }, i) => [
      key,
      outcomes[i]!.includes(`is not authorized to perform: ${key} on resource: `),
    ]);
    expect(named).toEqual(without.map(({ key }) => [key, true]));
  });
});
