// The IAM check's iam:PassRole: each role a call hands ECS for its tasks (RegisterTaskDefinition's task
// and execution roles; RunTask's, from its overrides or else the task definition) is authorised with
// iam:PassedToService ecs-tasks.amazonaws.com, and a denial names the action and the role ARN.
import {
  CreateClusterCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type RunTaskCommandInput,
} from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import type { IamPolicy, IamStatement } from '../src/iam-evaluate.js';
import { startTestEmulator } from '../src/testing.js';
import { outcome, signedClient } from './iam-support.js';

const ACCOUNT = '123456789012';
const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const PRINCIPAL = `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/run-1`;
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } };

let emulator: EmulatorHandle;
const client = (key: string) => signedClient(ECSClient, emulator.url, key);
const denied = (action: string, resource: string) =>
  `AccessDeniedException: User: ${PRINCIPAL} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

const passRole = (resource: string, service = 'ecs-tasks.amazonaws.com'): IamStatement => ({
  Effect: 'Allow',
  Action: 'iam:PassRole',
  Resource: resource,
  Condition: { StringEquals: { 'iam:PassedToService': service } },
});
const policy = (...extra: IamStatement[]): IamPolicy => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['ecs:RegisterTaskDefinition', 'ecs:RunTask'], Resource: '*' },
    ...extra,
  ],
});
const check = (p: IamPolicy) => ({ policy: p, exemptAccessKeys: ['admin'], principal: PRINCIPAL });

const register = (key: string, roles: { taskRoleArn?: string; executionRoleArn?: string }) =>
  client(key).send(
    new RegisterTaskDefinitionCommand({
      family: 'migrate',
      ...roles,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'shop/web:v1', essential: true }],
    }),
  );
const runTask = (overrides?: RunTaskCommandInput['overrides']) =>
  outcome(
    client('deployer').send(
      new RunTaskCommand({
        cluster: 'apps',
        taskDefinition: 'migrate',
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        ...(overrides ? { overrides } : {}),
      }),
    ),
  );

beforeAll(async () => {
  emulator = await startTestEmulator({ iam: check(policy()) });
  const admin = client('admin');
  await admin.send(new CreateClusterCommand({ clusterName: 'apps' }));
  await register('admin', { taskRoleArn: ROLE('web-task'), executionRoleArn: ROLE('web-execution') });
});
afterEach(() => emulator.setIamCheck(check(policy())));
afterAll(() => emulator.close());

describe('iam:PassRole', () => {
  it('RegisterTaskDefinition: each of its roles, the execution role included', async () => {
    const roles = { taskRoleArn: ROLE('web-task'), executionRoleArn: ROLE('web-execution') };
    emulator.setIamCheck(check(policy(passRole(ROLE('web-task')))));
    await expect(outcome(register('deployer', roles))).resolves.toBe(
      denied('iam:PassRole', ROLE('web-execution')),
    );
    emulator.setIamCheck(check(policy(passRole(ROLE('web-*')))));
    await expect(outcome(register('deployer', roles))).resolves.toBe('allowed');
  });

  it("RunTask: the task definition's task and execution roles", async () => {
    await expect(runTask()).resolves.toBe(denied('iam:PassRole', ROLE('web-task')));
    emulator.setIamCheck(check(policy(passRole(ROLE('web-task')))));
    await expect(runTask()).resolves.toBe(denied('iam:PassRole', ROLE('web-execution')));
    emulator.setIamCheck(check(policy(passRole(ROLE('web-*')))));
    await expect(runTask()).resolves.toBe('allowed');
  });

  it("RunTask: an override's role instead of the task definition's", async () => {
    emulator.setIamCheck(check(policy(passRole(ROLE('web-*')))));
    await expect(runTask({ taskRoleArn: ROLE('admin') })).resolves.toBe(
      denied('iam:PassRole', ROLE('admin')),
    );
    await expect(runTask({ executionRoleArn: 'admin-execution' })).resolves.toBe(
      denied('iam:PassRole', ROLE('admin-execution')),
    );
    emulator.setIamCheck(check(policy(passRole(ROLE('web-*')), passRole(ROLE('admin')))));
    await expect(runTask({ taskRoleArn: ROLE('admin') })).resolves.toBe('allowed');
  });

  it('holds the iam:PassedToService condition: a role allowed for another service is not passed', async () => {
    emulator.setIamCheck(check(policy(passRole(ROLE('web-*'), 'ec2.amazonaws.com'))));
    await expect(runTask()).resolves.toBe(denied('iam:PassRole', ROLE('web-task')));
    emulator.setIamCheck(
      check(
        policy({
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: ROLE('web-*'),
          Condition: { StringLike: { 'iam:PassedToService': 'ecs-tasks.*' } },
        }),
      ),
    );
    await expect(runTask()).resolves.toBe('allowed');
  });

  it('an explicit Deny on a role wins, and RunTask itself is checked first', async () => {
    emulator.setIamCheck(
      check(
        policy(passRole('*'), { Effect: 'Deny', Action: 'iam:PassRole', Resource: ROLE('web-execution') }),
      ),
    );
    await expect(runTask()).resolves.toMatch(
      new RegExp(`perform: iam:PassRole on resource: ${ROLE('web-execution')} with an explicit deny`),
    );
    emulator.setIamCheck(check({ Version: '2012-10-17', Statement: [passRole('*')] }));
    await expect(runTask()).resolves.toBe(
      denied('ecs:RunTask', `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/migrate:*`),
    );
  });
});
