// The scripted pipeline test/iam-emulator.test.ts runs under one deploy-role key, through the
// packages/ecs functions the actions use: deploys and rollbacks, a migration task with its log, a
// task cancelled (StopTask), and a blue-green deploy stopped at its test hook and continued.
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { createAppService, ecsClient, waitForSteady } from '@shipline/ecs-emulator/testing';
import { collectingLog } from '@shipline/toolkit/testing';
import { pausingService } from '../../actions/deploy-ecs/test/strategy-support.js';
import {
  continueDeployments,
  createEcsClient,
  createLogsClients,
  deploy,
  rollBackServices,
  runOneOffTask,
  type DeployOptions,
  type RunTaskOptions,
} from '../../packages/ecs/src/index.js';
import type { PolicyScope } from '../../scripts/iam-policy/policy-types.js';

export const ACCOUNT = '123456789012';
const NO_ECS_ROLLBACK = { deploymentCircuitBreaker: { enable: true, rollback: false } };
/** The emulator's scenarios the pipeline's images need. */
export const PIPELINE_SCENARIOS = [
  { image: '*:oom', behaviour: 'crash-on-start' as const, exitCode: 137 },
  // A day: the rollback must find this deploy in progress however long the machine takes to get
  // there (600 s was 1.5 s of real time at the test clock's scale, and a loaded CI run took longer).
  { image: '*:slow', slowStart: 86_400 },
  { image: '*:migrate', runFor: 5, logLines: ['applying 0042', 'done'] },
  { image: '*:forever', runFor: 86_400 },
];
/** The blue-green service next to `service` (its own load balancer and PAUSE hook). */
export const blueGreenOf = (service: string) => `${service}-bg`;

/** The deploy role's resources for `service` and its blue-green neighbour. */
export const scope = (service: string): PolicyScope => {
  const names = [service, blueGreenOf(service)];
  return {
    partition: 'aws',
    account: ACCOUNT,
    region: 'us-east-1',
    cluster: 'apps',
    services: names,
    families: names,
    ecrRepositories: names,
    passRoles: names.flatMap((name) => [`${name}-task`, `${name}-execution`]),
    logGroups: [`/ecs/${service}`],
    secrets: [],
    ssmParameters: [],
  };
};

const definition = (family: string, image: string) => ({
  family,
  taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${family}-task`,
  executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/${family}-execution`,
  containerDefinitions: [{ name: 'app', image, essential: true, portMappings: [{ containerPort: 8080 }] }],
  tags: [{ key: 'app', value: family }],
});

const deployOptions = (service: string, image: string): DeployOptions => ({
  cluster: 'apps',
  services: [service],
  source: { kind: 'file', definition: definition(service, image) },
  forceNewDeployment: false,
  wait: true,
  timeoutMs: 120_000,
  rollbackOnFailure: true,
  skipRegisterIfUnchanged: true,
  keepRevisions: 1,
});

/** reusable-deploy's migration: the release's family on Fargate, logging to /ecs/<service>. */
export const migration = (service: string, image: string): RunTaskOptions => {
  const base = definition(service, image);
  const app = base.containerDefinitions[0]!;
  const awslogs = {
    'awslogs-group': `/ecs/${service}`,
    'awslogs-region': 'us-east-1',
    'awslogs-stream-prefix': 'job',
  };
  return {
    cluster: 'apps',
    source: {
      kind: 'file',
      definition: {
        ...base,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ ...app, logConfiguration: { logDriver: 'awslogs', options: awslogs } }],
      },
    },
    network: { kind: 'explicit', subnets: ['subnet-0a1b'], assignPublicIp: false, launchType: 'FARGATE' },
    command: ['npm', 'run', 'migrate'],
    timeoutMs: 120_000,
    startedBy: 'shipline-migrate',
  };
};

/**
 * On new services, under the policy of the role `key` signs as: two good deploys (the second
 * deregisters the oldest revision), a crashing one (deploy-ecs rolls it back), a rollback action
 * run while a slow deploy is in progress (StopServiceDeployment), a migration task followed to its
 * end with its log read, one cancelled once started (StopTask), and a blue-green deploy stopped at
 * its PAUSE hook after the test traffic shift then continued. Outcomes and log lines as text, up to
 * a throw.
 */
export async function pipelineAs(emulator: EmulatorHandle, key: string, service: string): Promise<string> {
  const setup = ecsClient(emulator, 1);
  const credentials = { accessKeyId: key, secretAccessKey: 'x' };
  const ecs = createEcsClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  const logs = createLogsClients({ endpoint: emulator.url, credentials, maxAttempts: 1 });
  const bg = blueGreenOf(service);
  await createAppService(setup, {
    service,
    image: `shop/${service}:v1`,
    deploymentConfiguration: NO_ECS_ROLLBACK,
  });
  await pausingService(setup, bg, { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 });
  await Promise.all([waitForSteady(setup, service), waitForSteady(setup, bg)]);
  const log = collectingLog();
  const deps = { ecs, log };
  const outcomes: string[] = [];
  const record = (result: unknown) => outcomes.push(JSON.stringify(result));
  try {
    for (const image of ['v2', 'v3', 'oom'])
      record(await deploy(deployOptions(service, `shop/${service}:${image}`), deps));
    record(await deploy({ ...deployOptions(service, `shop/${service}:slow`), wait: false }, deps));
    const rollback = { cluster: 'apps', services: [service], to: 'previous', wait: true, timeoutMs: 120_000 };
    record(await rollBackServices(rollback, deps));

    record(
      await runOneOffTask(migration(service, `shop/${service}:migrate`), { ...deps, logs: logs.forRegion }),
    );
    const cancel = new AbortController();
    const cancelOnStart = {
      ...log,
      info: (message: string) => {
        log.info(message);
        if (message.startsWith('Started task ')) cancel.abort();
      },
    };
    const forever = migration(service, `shop/${service}:forever`);
    record(
      await runOneOffTask(forever, { ecs, log: cancelOnStart, logs: logs.forRegion, signal: cancel.signal }),
    );

    const toHook = await deploy(
      { ...deployOptions(bg, `shop/${bg}:v2`), timeoutMs: 1_800_000, until: 'test-traffic' },
      deps,
    );
    record(toHook);
    const paused = toHook.services.flatMap((s) =>
      s.pausedHook && s.serviceDeploymentArn && s.deploymentId
        ? [
            {
              cluster: 'apps',
              ...s,
              deploymentId: s.deploymentId,
              serviceDeploymentArn: s.serviceDeploymentArn,
              hookId: s.pausedHook.hookId,
            },
          ]
        : [],
    );
    const resume = {
      cluster: 'apps',
      paused,
      action: 'CONTINUE' as const,
      timeoutMs: 1_800_000,
      rollbackOnFailure: true,
    };
    record(await continueDeployments(resume, deps));
  } catch (error) {
    outcomes.push(`threw: ${(error as Error).message}`);
  } finally {
    logs.destroy();
    ecs.destroy();
    setup.destroy();
  }
  return [...outcomes, ...log.lines].join('\n');
}
