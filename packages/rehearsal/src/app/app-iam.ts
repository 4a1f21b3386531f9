// The AWS roles the application's jobs assume, read from its variables (the role ARNs its deploy
// calls pass), for `./dev iam-policy`'s generation: the emulator then holds each job to its role.
import path from 'node:path';
import type { RehearsalIamSetup, RehearsalRole } from '../stories/iam-roles.js';
import type { Environment } from '../stories/index.js';
import { ACCOUNT_ID, REGION } from '../stories/seed.js';
import { serviceOf } from './app-world.js';
import type { DeployTarget } from './deploy-targets.js';

export const roleName = (arn: string | undefined) => (arn ?? '').replace(/^.*:role\/(?:.*\/)?/, '');

export function appIamSetup(appDir: string, targets: DeployTarget[]): RehearsalIamSetup {
  const roles = new Map<string, RehearsalRole>();
  for (const t of targets) {
    const build = roleName(t.inputs['aws-build-role-arn']);
    if (build) roles.set(build, { name: build, kind: 'build' });
    const deploy = roleName(t.inputs['aws-role-arn']);
    if (deploy)
      roles.set(deploy, {
        name: deploy,
        kind: 'deploy',
        environment: t.environment as Environment,
        ...(t.inputs.cluster ? { cluster: t.inputs.cluster } : {}),
        taskDefinitionFile: path.join(appDir, t.inputs['task-definition'] ?? ''),
      });
  }
  return {
    // ARNs are the emulator's: its account (the rehearsal's) and region stand in for the app's.
    account: ACCOUNT_ID,
    region: REGION,
    services: [targets.map(serviceOf)[0] ?? ''],
    roles: [...roles.values()],
  };
}
