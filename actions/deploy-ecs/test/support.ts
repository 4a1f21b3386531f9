// Test helpers for deploy-ecs: the action folder, a workspace with a task definition, a steady service, one step.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { runAction, type RunActionOptions, type RunResult } from '@shipline/action-harness';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { createAppService } from '@shipline/ecs-emulator/testing';

export const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A workspace folder holding `task-definition.json` for family `family` with one container `app`. */
export function workspaceWith(family: string, image: string, extra: Record<string, unknown> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-ecs-'));
  const definition = {
    family,
    containerDefinitions: [{ name: 'app', image, essential: true, portMappings: [{ containerPort: 8080 }] }],
    ...extra,
  };
  fs.writeFileSync(path.join(dir, 'task-definition.json'), JSON.stringify(definition, null, 2));
  return dir;
}

/** A steady service `name` (family `name`) on `shop/<name>:v1` with a circuit breaker. */
export async function steadyService(
  ecs: ECSClient,
  name: string,
  options: { rollback?: boolean; desiredCount?: number; cluster?: string } = {},
): Promise<string> {
  return createAppService(ecs, {
    cluster: options.cluster ?? 'apps',
    service: name,
    image: `shop/${name}:v1`,
    desiredCount: options.desiredCount ?? 2,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: options.rollback ?? true },
      minimumHealthyPercent: 100,
      maximumPercent: 200,
    },
  });
}

/** Runs the bundled action against the emulator, as a workflow step with AWS env set would. */
export function deployStep(
  emulator: EmulatorHandle,
  inputs: Record<string, string>,
  more: { workspace?: string; env?: Record<string, string> } & Pick<
    RunActionOptions,
    'cancelAfterMs' | 'signal' | 'onLine'
  > = {},
): Promise<RunResult> {
  return runAction({
    actionDir,
    inputs: { cluster: 'apps', ...inputs },
    env: { ...emulator.env, ...more.env },
    workspace: more.workspace,
    cancelAfterMs: more.cancelAfterMs,
    signal: more.signal,
    onLine: more.onLine,
  });
}
