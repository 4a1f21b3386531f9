// The IAM check on CloudWatch alarm calls: each on the alarms it names
// (arn:aws:cloudwatch:<region>:<account>:alarm:<name>), a DescribeAlarms naming none on `*`; denials
// name the action and the alarm ARN, with CloudWatch's query-compatible AccessDenied code.
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import type { IamPolicy } from '../src/iam-evaluate.js';
import { startTestEmulator } from '../src/testing.js';
import { outcome, signedClient } from './iam-support.js';

const ALARM = (name: string) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
const PRINCIPAL = 'arn:aws:sts::123456789012:assumed-role/deploy/run-1';
const READER: IamPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: ALARM('web-*') }],
};
const check = (policy: IamPolicy) => ({ policy, exemptAccessKeys: ['admin'], principal: PRINCIPAL });

let emulator: EmulatorHandle;
const client = (key: string) => signedClient(CloudWatchClient, emulator.url, key);
const denied = (action: string, resource: string) =>
  `AccessDenied: User: ${PRINCIPAL} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

const alarm = (AlarmName: string) =>
  new PutMetricAlarmCommand({
    AlarmName,
    MetricName: 'HTTPCode_Target_5XX_Count',
    Namespace: 'AWS/ApplicationELB',
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  });

beforeAll(async () => {
  emulator = await startTestEmulator({ iam: check(READER) });
  await client('admin').send(alarm('web-5xx'));
  await client('admin').send(alarm('billing-5xx'));
});
afterEach(() => emulator.setIamCheck(check(READER)));
afterAll(() => emulator.close());

describe('the IAM check on CloudWatch', () => {
  it('DescribeAlarms: every alarm named must be allowed', async () => {
    const describe = (names: string[]) =>
      outcome(client('deployer').send(new DescribeAlarmsCommand({ AlarmNames: names })));
    await expect(describe(['web-5xx'])).resolves.toBe('allowed');
    await expect(describe(['web-5xx', 'billing-5xx'])).resolves.toBe(
      denied('cloudwatch:DescribeAlarms', ALARM('billing-5xx')),
    );
  });

  it('DescribeAlarms naming no alarm (all, or a prefix) asks for *', async () => {
    const all = () =>
      outcome(client('deployer').send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'web-' })));
    await expect(all()).resolves.toBe(denied('cloudwatch:DescribeAlarms', '*'));
    emulator.setIamCheck(
      check({ Statement: [{ Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: '*' }] }),
    );
    await expect(all()).resolves.toBe('allowed');
  });

  it('SetAlarmState, PutMetricAlarm and DeleteAlarms on the alarm they change', async () => {
    const deployer = client('deployer');
    await expect(
      outcome(
        deployer.send(
          new SetAlarmStateCommand({ AlarmName: 'web-5xx', StateValue: 'ALARM', StateReason: 't' }),
        ),
      ),
    ).resolves.toBe(denied('cloudwatch:SetAlarmState', ALARM('web-5xx')));
    await expect(outcome(deployer.send(alarm('web-new')))).resolves.toBe(
      denied('cloudwatch:PutMetricAlarm', ALARM('web-new')),
    );
    await expect(outcome(deployer.send(new DeleteAlarmsCommand({ AlarmNames: ['web-5xx'] })))).resolves.toBe(
      denied('cloudwatch:DeleteAlarms', ALARM('web-5xx')),
    );
    emulator.setIamCheck(
      check({
        Statement: [
          {
            Effect: 'Allow',
            Action: ['cloudwatch:SetAlarmState', 'cloudwatch:PutMetricAlarm'],
            Resource: ALARM('web-*'),
          },
        ],
      }),
    );
    await expect(
      outcome(
        deployer.send(new SetAlarmStateCommand({ AlarmName: 'web-5xx', StateValue: 'OK', StateReason: 't' })),
      ),
    ).resolves.toBe('allowed');
    await expect(outcome(deployer.send(alarm('web-new')))).resolves.toBe('allowed');
  });
});
