// The generated deploy policy against the emulator's IAM check (ECS and CloudWatch Logs calls): the
// scripted pipeline (deploys, a failed one rolled back, a rollback, a migration task with its log, a
// cancelled task, a blue-green deploy continued at its test hook) passes with exactly the list's
// permissions; without any one of them it fails or warns naming it (AccessDeniedException wording).
// The task definitions name a task and an execution role, so iam:PassRole is asked for at
// RegisterTaskDefinition and again at RunTask.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsCall, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { collectingLog } from '@shipline/toolkit/testing';
import { createEcsClient, createLogsClients, runOneOffTask } from '../packages/ecs/src/index.js';
import { AWS_CALLS, type AwsCall } from '../scripts/iam-policy/aws-calls.js';
import { identityPolicy } from '../scripts/iam-policy/policy.js';
import { ACCOUNT, migration, PIPELINE_SCENARIOS, pipelineAs, scope } from './support/iam-pipeline.js';

let emulator: EmulatorHandle;
const PRINCIPAL = `arn:aws:sts::${ACCOUNT}:assumed-role/shop-deploy-production/shipline-deploy-1`;

beforeAll(async () => {
  emulator = await startTestEmulator({ scenarios: PIPELINE_SCENARIOS });
});
afterAll(() => emulator.close());

const deployRole = AWS_CALLS.filter((c) => c.role === 'deploy');
const serviceOf = (key: string) => `web-${key.replace(/\W/g, '-').toLowerCase()}`;
/** Access key → the deploy role of its service: the whole list, or the list without one call. */
function roles(keys: { key: string; calls: readonly AwsCall[] }[]) {
  return Object.fromEntries(
    keys.map(({ key, calls }) => [
      key,
      { policy: identityPolicy('deploy', scope(serviceOf(key)), calls), principal: PRINCIPAL },
    ]),
  );
}
const operation = (call: AwsCall) => call.action.split(':')[1]!;

describe('the deploy role policy, enforced by the emulator', () => {
  it('lets the whole pipeline through, using every SDK call of the list', async () => {
    emulator.setIamCheck({ roles: roles([{ key: 'full', calls: AWS_CALLS }]) });
    const before = new Map(deployRole.map((c) => [c.action, emulator.requestCount(operation(c))]));
    const outcomes = (await pipelineAs(emulator, 'full', serviceOf('full'))).split('\n');
    expect(outcomes.slice(0, 5).map((o) => /"rolloutState":"(\w+)"/.exec(o)?.[1])).toEqual([
      'COMPLETED',
      'COMPLETED',
      'FAILED',
      'IN_PROGRESS',
      'COMPLETED',
    ]);
    expect(outcomes[1]).toMatch(/"deregistered":\["arn:[^"]+:1"\]/);
    expect(outcomes[4]).toMatch(/"method":"StopServiceDeployment".*"succeeded":true/);
    const [migrated, cancelled, atHook, continued] = outcomes.slice(5, 9).map((o) => JSON.parse(o));
    expect(migrated).toMatchObject({
      outcome: 'succeeded',
      exitCode: 0,
      lastLines: ['applying 0042', 'done'],
    });
    expect(cancelled).toMatchObject({
      outcome: 'cancelled',
      stopNote: expect.stringMatching(/StopTask sent/),
    });
    expect(atHook.services[0]).toMatchObject({ rolloutState: 'IN_PROGRESS', strategy: 'BLUE_GREEN' });
    expect(atHook.services[0].pausedHook.hookId).toMatch(/^ecs-pause-/);
    expect(continued).toMatchObject({ rolloutState: 'COMPLETED', succeeded: true });
    expect(outcomes.join('\n')).not.toMatch(/not authorized/);
    const unused = deployRole.filter(
      (c) => 'sdk' in c.made && emulator.requestCount(operation(c)) === before.get(c.action),
    );
    expect(unused.map((c) => c.action)).toEqual([]);
  });

  it('without any one permission of the list, the pipeline stops or warns naming it', async () => {
    const without = deployRole.map((removed) => ({
      key: removed.action,
      calls: AWS_CALLS.filter((c) => c !== removed),
    }));
    emulator.setIamCheck({ roles: roles(without) });
    const outcomes = await Promise.all(without.map(({ key }) => pipelineAs(emulator, key, serviceOf(key))));
    const named = without.map(({ key }, i) => [
      key,
      outcomes[i]!.includes(`is not authorized to perform: ${key} on resource: `),
    ]);
    expect(named).toEqual(without.map(({ key }) => [key, true]));
  });

  it("RunTask passes the task definition's roles: without iam:PassRole a migration of a registered revision is refused naming the role, nothing started", async () => {
    const keys = [
      { key: 'runtask-full', calls: AWS_CALLS },
      { key: 'runtask-no-passrole', calls: AWS_CALLS.filter((c) => c.action !== 'iam:PassRole') },
    ];
    emulator.setIamCheck({ roles: roles(keys) });
    const migrate = async (key: string) => {
      const service = serviceOf(key);
      const release = migration(service, `shop/${service}:migrate`);
      // The revision a deploy registered earlier (by unsigned set-up here): RunTask alone hands ECS
      // its roles.
      if (release.source.kind !== 'file') throw new Error('the pipeline migration is a file');
      await ecsCall(emulator, 'RegisterTaskDefinition', release.source.definition);
      const credentials = { accessKeyId: key, secretAccessKey: 'x' };
      const ecs = createEcsClient({
        endpoint: emulator.url,
        region: 'us-east-1',
        credentials,
        maxAttempts: 1,
      });
      const logs = createLogsClients({ endpoint: emulator.url, credentials, maxAttempts: 1 });
      const options = { ...release, source: { kind: 'family' as const, family: service } };
      const outcome = await runOneOffTask(options, { ecs, log: collectingLog(), logs: logs.forRegion }).then(
        (result) => result.outcome as string,
        (error: Error) => error.message,
      );
      ecs.destroy();
      logs.destroy();
      const listed = (desiredStatus: string) =>
        ecsCall(emulator, 'ListTasks', { cluster: 'apps', family: service, desiredStatus });
      const answers = await Promise.all([listed('RUNNING'), listed('STOPPED')]);
      return { outcome, tasks: answers.flatMap((a) => (a.taskArns as string[]) ?? []).length };
    };
    await expect(migrate('runtask-full')).resolves.toEqual({ outcome: 'succeeded', tasks: 1 });
    const refused = await migrate('runtask-no-passrole');
    expect(refused.outcome).toContain(
      `is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${ACCOUNT}:role/web-runtask-no-passrole-task`,
    );
    expect(refused.tasks).toBe(0);
  });
});
