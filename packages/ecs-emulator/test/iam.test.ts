// The emulator's IAM check: a request the policy does not allow is AccessDeniedException worded as
// AWS words it (principal, action, resource); PassRole and tags checked alongside; Deny wins;
// CloudWatch Logs GetLogEvents checked on the stream it reads.
import {
  CreateClusterCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import type { IamPolicy } from '../src/iam-evaluate.js';
import { createAppService, startTestEmulator } from '../src/testing.js';
import { outcome, signedClient } from './iam-support.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012';
let emulator: EmulatorHandle;
const client = (key: string) => signedClient(ECSClient, emulator.url, key);

const DEPLOY: IamPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Resource: `${ARN}:service/apps/web`,
    },
    { Effect: 'Allow', Action: 'ecs:RegisterTaskDefinition', Resource: '*' },
    {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::123456789012:role/web-*',
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
  ],
};

const CHECK = {
  policy: DEPLOY,
  exemptAccessKeys: ['admin'],
  principal: 'arn:aws:sts::123456789012:assumed-role/deploy/run-1',
};

beforeAll(async () => {
  emulator = await startTestEmulator({ iam: CHECK });
  const admin = client('admin');
  await admin.send(new CreateClusterCommand({ clusterName: 'apps' }));
  await createAppService(admin, { cluster: 'apps', service: 'web', image: 'shop/web:v1' });
  await createAppService(admin, { cluster: 'apps', service: 'worker', image: 'shop/worker:v1' });
});
afterEach(() => emulator.setIamCheck(CHECK));
afterAll(() => emulator.close());

describe('the IAM check', () => {
  it('lets through what the policy allows, on the resources it names', async () => {
    const deployer = client('deployer');
    await expect(
      outcome(deployer.send(new DescribeServicesCommand({ cluster: 'apps', services: ['web'] }))),
    ).resolves.toBe('allowed');
    await expect(
      outcome(deployer.send(new UpdateServiceCommand({ cluster: 'apps', service: 'web', desiredCount: 2 }))),
    ).resolves.toBe('allowed');
  });

  it('answers anything else with AccessDeniedException as AWS words it', async () => {
    const deployer = client('deployer');
    await expect(
      outcome(
        deployer.send(new UpdateServiceCommand({ cluster: 'apps', service: 'worker', desiredCount: 2 })),
      ),
    ).resolves.toBe(
      'AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/deploy/run-1 is not authorized to perform: ' +
        `ecs:UpdateService on resource: ${ARN}:service/apps/worker because no identity-based policy allows the ecs:UpdateService action`,
    );
    await expect(outcome(deployer.send(new CreateClusterCommand({ clusterName: 'x' })))).resolves.toMatch(
      /perform: ecs:CreateCluster on resource: \* because no identity-based policy allows/,
    );
  });

  it('checks iam:PassRole for the roles a task definition names (and ecs:TagResource for its tags)', async () => {
    const register = (taskRoleArn: string, tags?: { key: string; value: string }[]) =>
      outcome(
        client('deployer').send(
          new RegisterTaskDefinitionCommand({
            family: 'web',
            taskRoleArn,
            containerDefinitions: [{ name: 'app', image: 'shop/web:v2', essential: true }],
            ...(tags ? { tags } : {}),
          }),
        ),
      );
    await expect(register('arn:aws:iam::123456789012:role/web-task')).resolves.toBe('allowed');
    await expect(register('arn:aws:iam::123456789012:role/admin')).resolves.toMatch(
      /perform: iam:PassRole on resource: arn:aws:iam::123456789012:role\/admin because/,
    );
    await expect(
      register('arn:aws:iam::123456789012:role/web-task', [{ key: 'team', value: 'shop' }]),
    ).resolves.toMatch(/perform: ecs:TagResource on resource: .*task-definition\/web/);
  });

  it('checks logs:GetLogEvents on the log stream read (a log-group:<group>:* statement covers it)', async () => {
    emulator.setIamCheck({
      ...CHECK,
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'logs:GetLogEvents',
            Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*',
          },
        ],
      },
    });
    const logs = signedClient(CloudWatchLogsClient, emulator.url, 'deployer');
    const read = (logGroupName: string) =>
      outcome(logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: 'job/app/1' })));
    // Allowed, then answered: the group has no stream yet.
    await expect(read('/ecs/web')).resolves.toBe(
      'ResourceNotFoundException: The specified log group does not exist.',
    );
    await expect(read('/ecs/admin')).resolves.toMatch(
      /perform: logs:GetLogEvents on resource: arn:aws:logs:us-east-1:123456789012:log-group:\/ecs\/admin:log-stream:job\/app\/1 because no identity-based policy allows/,
    );
    logs.destroy();
  });

  it('an explicit Deny wins over an Allow', async () => {
    emulator.setIamCheck({
      policy: {
        ...DEPLOY,
        Statement: [...(DEPLOY.Statement as []), { Effect: 'Deny', Action: 'ecs:Update*', Resource: '*' }],
      },
    });
    await expect(
      outcome(
        client('deployer').send(
          new UpdateServiceCommand({ cluster: 'apps', service: 'web', desiredCount: 1 }),
        ),
      ),
    ).resolves.toMatch(
      /perform: ecs:UpdateService on resource: .* with an explicit deny in an identity-based policy/,
    );
  });

  it('with no check set, everything passes', async () => {
    emulator.setIamCheck(undefined);
    await expect(
      outcome(client('anyone').send(new CreateClusterCommand({ clusterName: 'free' }))),
    ).resolves.toBe('allowed');
  });
});
