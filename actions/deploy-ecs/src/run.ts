// The behaviour: deploy-ecs is packages/ecs's deploy, with the ECS client, log and signal passed in.
import { deploy, type DeployDeps, type DeployOptions, type DeployResult } from '@shipline/ecs';

export type RunDeps = DeployDeps;

/** Registers the task definition, updates every service and follows each deployment to its end. */
export function run(options: DeployOptions, deps: RunDeps): Promise<DeployResult> {
  return deploy(options, deps);
}
