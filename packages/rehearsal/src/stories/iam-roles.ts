// The AWS roles the rehearsal's jobs assume, described so a caller can write each role's policy;
// the emulator then checks every call a job makes against its role's policy (the access key a job
// carries is its role's name, see stand-ins.ts), answering the rest with AccessDeniedException.
import path from 'node:path';
import type { EmulatorHandle, IamPolicy } from '@shipline/ecs-emulator';
import { ROLE_NAMES } from './repository-settings.js';
import { ACCOUNT_ID, clusterOf, REGION, SERVICE, taskDefinitionPath } from './seed.js';

/** Every service a story deploys: web, and api next to it in the multi-service story. */
export const REHEARSAL_SERVICES = [SERVICE, 'api'] as const;
import type { Environment } from './story-types.js';

export interface RehearsalRole {
  /** The role's name, which its job's requests carry as their access key. */
  name: string;
  kind: 'build' | 'deploy';
  environment?: Environment;
  cluster?: string;
  /** The task definition the deploy job deploys, in the consumer's checkout. */
  taskDefinitionFile?: string;
}

export interface RehearsalIamSetup {
  account: string;
  region: string;
  /** The services the deploy roles may change (the stories deploy web, and web with api). */
  services: string[];
  roles: RehearsalRole[];
}

/** The policy of each role, by role name. */
export type IamPolicies = (setup: RehearsalIamSetup) => Record<string, IamPolicy>;

export function rehearsalIamSetup(consumer: string): RehearsalIamSetup {
  const deploy = (environment: Environment): RehearsalRole => ({
    name: ROLE_NAMES.deploy[environment],
    kind: 'deploy',
    environment,
    cluster: clusterOf(environment),
    taskDefinitionFile: path.join(consumer, taskDefinitionPath(environment)),
  });
  return {
    account: ACCOUNT_ID,
    region: REGION,
    services: [...REHEARSAL_SERVICES],
    roles: [{ name: ROLE_NAMES.build, kind: 'build' }, deploy('staging'), deploy('production')],
  };
}

/** From now on, a request with a role's name as its access key is held to that role's policy. */
export function enforceIam(emulator: EmulatorHandle, policies: Record<string, IamPolicy>): void {
  const roles = Object.fromEntries(
    Object.entries(policies).map(([name, policy]) => [
      name,
      { policy, principal: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${name}/shipline-rehearsal` },
    ]),
  );
  emulator.setIamCheck({ roles });
}
