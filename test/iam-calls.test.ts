// The list of AWS calls in scripts/iam-policy/aws-calls.ts against the code: every SDK command an
// action's code sends is listed for that action's role, and every listed command is still sent.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { AWS_CALLS, type Role } from '../scripts/iam-policy/aws-calls.js';
import { commandsIn, repoRoot, sentAnywhere, sentBy } from '../scripts/iam-policy/code-calls.js';
import { checkAction } from '../scripts/iam-policy/validate.js';

/** The actions whose AWS calls a role's credentials make. */
const ACTIONS_OF: Partial<Record<Role, string[]>> = {
  build: ['build-and-push'],
  // The deploy job runs run-task too: reusable-deploy's migrate-command.
  deploy: ['deploy-ecs', 'rollback', 'run-task'],
  'run-task': ['run-task'],
};
const sdkListed = (role: Role) =>
  new Set<string>(AWS_CALLS.filter((c) => c.role === role && 'sdk' in c.made).map((c) => c.action));
const unique = (values: string[]) => [...new Set(values)].sort();

describe('the AWS calls list matches the code', () => {
  for (const [role, actions] of Object.entries(ACTIONS_OF) as [Role, string[]][]) {
    it(`${role}: every command ${actions.join(' and ')} send is listed, and every listed one is sent`, () => {
      const sent = unique(actions.flatMap((a) => sentBy(a).map((c) => c.action)));
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.filter((a) => !sdkListed(role).has(a))).toEqual([]); // a new call: add it to aws-calls.ts
      expect([...sdkListed(role)].filter((a) => !sent.includes(a))).toEqual([]); // listed, no longer sent
    });
  }

  it('every command sent anywhere in actions/*/src, packages/ecs and packages/docker is in the list', () => {
    const listed = new Set<string>(AWS_CALLS.filter((c) => 'sdk' in c.made).map((c) => c.action));
    const sent = sentAnywhere();
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.filter((c) => !listed.has(c.action)).map((c) => `${c.action} (${c.file})`)).toEqual([]);
  });

  it('the actions without a role make no AWS call', () => {
    const withRole = Object.values(ACTIONS_OF).flat();
    const others = fs.readdirSync(path.join(repoRoot, 'actions')).filter((a) => !withRole.includes(a));
    expect(others.length).toBeGreaterThan(0);
    for (const action of others) expect([action, sentBy(action)]).toEqual([action, []]);
  });

  it('a listed sdk entry names its own command', () => {
    for (const call of AWS_CALLS)
      if ('sdk' in call.made) expect(`${call.action.split(':')[1]}Command`).toBe(call.made.sdk);
  });

  it('registry calls still have their evidence in packages/docker, and calls alongside name a sent command', () => {
    const src = path.join(repoRoot, 'packages/docker/src');
    const docker = fs
      .readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(src, f), 'utf8'))
      .join('\n');
    const sent = new Set(sentAnywhere().map((c) => c.command));
    for (const call of AWS_CALLS) {
      if ('registry' in call.made)
        expect([call.action, call.made.evidence.test(docker)]).toEqual([call.action, true]);
      if ('alongside' in call.made) expect(sent.has(call.made.alongside)).toBe(true);
    }
  });

  it('every listed action exists in the service action lists', () => {
    expect(AWS_CALLS.map((c) => checkAction(c.action)).filter(Boolean)).toEqual([]);
  });

  it('finds a command by the client it is imported from (a new call shows up)', () => {
    const text = [
      "import { RunTaskCommand, type ECSClient } from '@aws-sdk/client-ecs';",
      "import { GetLogEventsCommand as Logs } from '@aws-sdk/client-cloudwatch-logs';",
      'await ecs.send(new RunTaskCommand({}));',
      'new LocalThingCommand();',
    ].join('\n');
    expect(commandsIn('/x.ts', text).map((c) => c.action)).toEqual(['ecs:RunTask']);
  });
});
