// deploy against the emulator: re-deploying what runs, events printed once, a missing cluster named.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import {
  createAppService,
  describeService,
  ecsClient,
  registerApp,
  startTestEmulator,
  waitFor,
  waitForSteady,
} from '@shipline/ecs-emulator/testing';
import { silentLog } from '@shipline/toolkit';
import { collectingLog } from '@shipline/toolkit/testing';
import { deploy, preflightServices, type DeployOptions } from '../src/index.js';

let emulator: EmulatorHandle;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startTestEmulator({
    scenarios: [{ image: '*:oom', behaviour: 'crash-on-start', exitCode: 137 }],
  });
  ecs = ecsClient(emulator);
});
afterAll(() => emulator.close());

const BREAKER = { deploymentCircuitBreaker: { enable: true, rollback: true } };

/** The task definition registerApp registers, as a deploy-ecs task-definition file would hold it. */
const fileFor = (family: string, image: string): DeployOptions['source'] => ({
  kind: 'file',
  definition: {
    family,
    containerDefinitions: [
      { name: 'app', image, essential: true, environment: [], portMappings: [{ containerPort: 8080 }] },
    ],
  },
});

const options = (service: string, source: DeployOptions['source']): DeployOptions => ({
  cluster: 'apps',
  services: [service],
  source,
  forceNewDeployment: false,
  wait: true,
  timeoutMs: 120_000,
  rollbackOnFailure: true,
  skipRegisterIfUnchanged: true,
  keepRevisions: 0,
});

/** A service on `<name>:1` whose release `<name>:2` crashed (exit 137) and was rolled back by ECS. */
async function afterBreakerRollback(service: string): Promise<{ v1: string; v2: string }> {
  const v1 = await createAppService(ecs, {
    service,
    image: `shop/${service}:v1`,
    deploymentConfiguration: BREAKER,
  });
  await waitForSteady(ecs, service);
  const v2 = await registerApp(ecs, service, `shop/${service}:oom`);
  await ecs.send(new UpdateServiceCommand({ cluster: 'apps', service, taskDefinition: v2 }));
  await waitFor('the breaker to roll back', async () => {
    const view = await describeService(ecs, service);
    return view.deployments?.length === 1 && view.deployments[0]!.taskDefinition === v1;
  });
  await waitForSteady(ecs, service);
  return { v1, v2 };
}

describe('smaller things seen on the issue #14 runs', () => {
  it('re-deploying what the service runs registers nothing and rolls no task, though a newer revision exists', async () => {
    const { v1 } = await afterBreakerRollback('same');
    const registers = emulator.requestCount('RegisterTaskDefinition');
    const primaryBefore = (await describeService(ecs, 'same')).deployments![0]!.id;
    const result = await deploy(options('same', fileFor('same', 'shop/same:v1')), { ecs, log: silentLog });
    expect(result).toMatchObject({ taskDefinitionArn: v1, registered: false, rolloutState: 'COMPLETED' });
    expect(result.taskDefinitionNote).toMatch(/the same as same:1, which the service runs/);
    expect(result.services[0]).toMatchObject({ newDeployment: false, deploymentId: primaryBefore });
    expect(emulator.requestCount('RegisterTaskDefinition')).toBe(registers);
  });

  it('a failed rollout prints each service event once, and names exit code 137', async () => {
    await createAppService(ecs, { service: 'once', image: 'shop/once:v1', deploymentConfiguration: BREAKER });
    await waitForSteady(ecs, 'once');
    const log = collectingLog();
    const result = await deploy(options('once', fileFor('once', 'shop/once:oom')), { ecs, log });
    expect(result.rolloutState).toBe('FAILED');
    const events = log.lines.filter((l) => /^\[once\] \d\d:\d\d:\d\d /.test(l));
    expect(events.length).toBeGreaterThan(3);
    expect(events.filter((line, i) => events.indexOf(line) !== i)).toEqual([]);
    expect(result.services[0]!.stoppedTasks[0]).toMatch(/app exit 137 \(killed: out of memory or SIGKILL\)/);
  });

  it('a missing cluster is named, with the region', async () => {
    const context = { deadline: Date.now() + 10_000 };
    await expect(preflightServices(ecs, 'nowhere', ['web'], context)).rejects.toThrow(
      "Nothing was changed: cluster 'nowhere' was not found in region us-east-1",
    );
  });
});
