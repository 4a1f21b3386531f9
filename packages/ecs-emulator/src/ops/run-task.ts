// RunTask: one-off tasks from a task definition, checked as ECS checks them (network for awsvpc,
// launch type or capacity providers, container overrides); a scenario may answer with `failures`.
import { clusterArn } from '../arns.js';
import { invalidParameter } from '../errors.js';
import type { Json } from '../model.js';
import { optionalInt, optionalObject, optionalString, requiredString } from '../params.js';
import { taskShape } from '../serialize.js';
import { launchOneOff } from '../sim/one-off-tasks.js';
import { mainContainer } from '../sim/task-lifecycle.js';
import { findTaskDefinition, resolveCluster, type Operation } from './context.js';

const LAUNCH_TYPES = ['FARGATE', 'EC2', 'EXTERNAL', 'MANAGED_INSTANCES'];
const STARTED_BY = /^[A-Za-z0-9_/-]{1,128}$/;

/** RunTask answers by clientToken (idempotency: a retried call gets the task it already started). */
const answered = new WeakMap<object, Map<string, string[]>>();

export const runTask: Operation = ({ world }, body) => {
  const cluster = resolveCluster(world, body.cluster);
  const token = optionalString(body, 'clientToken');
  const seen = answered.get(world.state) ?? new Map<string, string[]>();
  answered.set(world.state, seen);
  const earlier = token === undefined ? undefined : seen.get(token);
  if (earlier) {
    const tasks = earlier.map((arn) => world.state.tasks.get(arn)).filter((task) => task !== undefined);
    return { tasks: tasks.map((task) => taskShape(world, task, false)), failures: [] };
  }
  const ref = requiredString(body, 'taskDefinition');
  const definition = findTaskDefinition(world, ref);
  if (!definition) throw invalidParameter('TaskDefinition not found.');
  if (definition.status !== 'ACTIVE') throw invalidParameter('TaskDefinition is inactive');
  const count = optionalInt(body, 'count', 1, 10) ?? 1;
  const launchType = optionalString(body, 'launchType');
  const strategy = Array.isArray(body.capacityProviderStrategy)
    ? (body.capacityProviderStrategy as Json[])
    : [];
  if (launchType !== undefined && !LAUNCH_TYPES.includes(launchType))
    throw invalidParameter(`launchType must be one of ${LAUNCH_TYPES.join(', ')}.`);
  if (launchType !== undefined && strategy.length > 0)
    throw invalidParameter('Specifying both a launchType and capacityProviderStrategy is not supported.');
  const network = optionalObject(body, 'networkConfiguration');
  checkNetwork(definition.body.networkMode, network);
  const overrides = optionalObject(body, 'overrides') ?? {};
  checkOverrides(definition.body, overrides);
  const startedBy = optionalString(body, 'startedBy');
  if (startedBy !== undefined && !STARTED_BY.test(startedBy))
    throw invalidParameter(
      'startedBy may contain up to 128 letters, numbers, hyphens, forward slashes and underscores.',
    );
  const group = optionalString(body, 'group');

  const image = String(mainContainer(definition.body)?.image ?? '');
  const failure = world.scenarios().behaviourFor(image).oneOff.runTaskFailure;
  if (failure !== undefined) {
    return { tasks: [], failures: [{ arn: clusterArn(world.ctx, cluster.name), reason: failure }] };
  }
  const provider = strategy.find((item) => typeof item.capacityProvider === 'string')?.capacityProvider;
  const run = {
    overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [], ...overrides },
    ...(launchType !== undefined || provider === undefined ? { launchType: launchType ?? 'EC2' } : {}),
    ...(provider !== undefined ? { capacityProviderName: String(provider), launchType: 'FARGATE' } : {}),
    ...(optionalString(body, 'platformVersion') !== undefined
      ? { platformVersion: optionalString(body, 'platformVersion')! }
      : launchType === 'FARGATE' || provider !== undefined
        ? { platformVersion: '1.4.0' }
        : {}),
    ...(network ? { networkConfiguration: network } : {}),
  };
  const tasks = [];
  for (let i = 0; i < count; i++) {
    const task = launchOneOff(world, cluster.name, definition, run, { startedBy, group }, world.now());
    tasks.push(taskShape(world, task, false));
    if (token !== undefined) seen.set(token, [...(seen.get(token) ?? []), task.arn]);
  }
  return { tasks, failures: [] };
};

function checkNetwork(networkMode: unknown, network: Json | undefined): void {
  if (networkMode !== 'awsvpc') return;
  const vpc = network?.awsvpcConfiguration as Json | undefined;
  if (!vpc)
    throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  if (!Array.isArray(vpc.subnets) || vpc.subnets.length === 0)
    throw invalidParameter('subnets can not be empty.');
}

function checkOverrides(definition: Json, overrides: Json): void {
  const names = new Set(((definition.containerDefinitions as Json[] | undefined) ?? []).map((c) => c.name));
  const containers = overrides.containerOverrides;
  if (containers === undefined) return;
  if (!Array.isArray(containers)) throw invalidParameter('containerOverrides must be a list.');
  for (const override of containers as Json[]) {
    if (!names.has(override.name)) {
      throw invalidParameter(
        `Override for container named ${String(override.name)} is not a container in the TaskDefinition.`,
      );
    }
    if (
      override.command !== undefined &&
      (!Array.isArray(override.command) || override.command.some((c) => typeof c !== 'string'))
    )
      throw invalidParameter('containerOverrides.command must be a list of strings.');
  }
}
