// Test helpers for run-task: the action folder, a job task definition with awslogs, a service to copy
// the network from, and one step of the bundled action against the emulator.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { runAction, type RunResult } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';

export const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c'], securityGroups: ['sg-0d4e5f'] } };

/** A Fargate task definition `family` whose container `app` runs `image` and logs to /ecs/jobs. */
export const jobDefinition = (family: string, image: string) => ({
  family,
  networkMode: 'awsvpc' as const,
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    {
      name: 'app',
      image,
      essential: true,
      logConfiguration: {
        logDriver: 'awslogs' as const,
        options: {
          'awslogs-group': '/ecs/jobs',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'job',
        },
      },
    },
  ],
});

/** Registers jobDefinition(family, image); its ARN. */
export async function registerJob(ecs: ECSClient, family: string, image: string): Promise<string> {
  const answer = await ecs.send(new RegisterTaskDefinitionCommand(jobDefinition(family, image)));
  return answer.taskDefinition!.taskDefinitionArn!;
}

/** Cluster `apps` and a service `web` on the awsvpc NETWORK, whose network run-task can copy. */
export async function setUpCluster(ecs: ECSClient): Promise<void> {
  await ecs.send(new CreateClusterCommand({ clusterName: 'apps' }));
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'apps',
      serviceName: 'web',
      taskDefinition: await registerJob(ecs, 'web', 'shop/web:v1'),
      desiredCount: 1,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: NETWORK,
    }),
  );
}

/** Runs the bundled action against the emulator, as a workflow step with AWS env set would. */
export function runTaskStep(
  emulator: EmulatorHandle,
  inputs: Record<string, string>,
  more: { signal?: AbortSignal; env?: Record<string, string>; timeoutMs?: number; workspace?: string } = {},
): Promise<RunResult> {
  return runAction({
    actionDir,
    inputs: { cluster: 'apps', service: 'web', ...inputs },
    env: { ...emulator.env, ...more.env },
    ...(more.signal ? { signal: more.signal } : {}),
    ...(more.timeoutMs ? { timeoutMs: more.timeoutMs } : {}),
    ...(more.workspace ? { workspace: more.workspace } : {}),
  });
}
