// ./dev rehearse --app with the team's own IAM policies (rehearsal.yml iam:): each checked against its
// role's calls before any story, a missing permission named with its file, action and ARN; no docker.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { evaluateIamPolicy } from '@shipline/ecs-emulator';
import { parseIamArgs } from '../../../scripts/iam-policy/args.js';
import { identityPolicy } from '../../../scripts/iam-policy/policy.js';
import { rehearsalPolicies } from '../../../scripts/iam-policy/rehearsal-policies.js';
import { teamPolicyFindings } from '../../../scripts/iam-policy/team-policy-check.js';
import { readAppConfig } from '../src/app/app-config.js';
import { appIamSetup } from '../src/app/app-iam.js';
import { deployTargets } from '../src/app/deploy-targets.js';
import { forEmulator, readTeamPolicies, teamIamFindings } from '../src/app/team-iam.js';
import { ACCOUNT_ID, REGION } from '../src/stories/seed.js';
import type { AppFinding } from '../src/index.js';
import { copySample, rehearseAppDir, replaceIn, SAMPLE } from './app-variants.js';

const copies: string[] = [];
afterEach(() => copies.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function variant(breakIt: (dir: string) => void): string {
  const dir = copySample();
  copies.push(dir);
  breakIt(dir);
  return dir;
}

function teamOf(dir: string) {
  const config = readAppConfig(dir);
  const targets = deployTargets(dir, config);
  const setup = appIamSetup(dir, targets);
  return { setup, team: readTeamPolicies(dir, config, targets, setup) };
}

const errorsOf = (findings: AppFinding[]) => findings.filter((f) => f.level === 'error');
const dropAction = (dir: string, file: string, action: string) => {
  const full = path.join(dir, file);
  const policy = JSON.parse(fs.readFileSync(full, 'utf8')) as { Statement: { Action: string | string[] }[] };
  for (const s of policy.Statement)
    s.Action = typeof s.Action === 'string' ? s.Action : s.Action.filter((a) => a !== action);
  policy.Statement = policy.Statement.filter((s) => s.Action !== action && s.Action.length > 0);
  fs.writeFileSync(full, JSON.stringify(policy, null, 2));
};

describe("rehearse --app: the team's own IAM policies", () => {
  it("the sample's policies (what ./dev iam-policy prints for it) allow every call of each role", () => {
    const { setup, team } = teamOf(SAMPLE);
    expect(team.checks.map((c) => [c.role.name, c.file]).sort()).toEqual([
      ['sample-app-deploy-production', 'iam/deploy-production.json'],
      ['sample-app-deploy-staging', 'iam/deploy-staging.json'],
      ['sample-app-ecr-push', 'iam/ecr-push.json'],
    ]);
    expect(team.findings).toEqual([]);
    const findings = teamIamFindings(team, setup, teamPolicyFindings);
    expect(errorsOf(findings)).toEqual([]);
    expect(findings.map((f) => f.message).join('\n')).not.toMatch(/generates stood in/);
  });

  it("the sample's policy files are what ./dev iam-policy prints for its roles", () => {
    const base = '--repo acme/sample-app --account 123456789012 --region eu-west-1';
    const deploy = (env: string) =>
      `--role deploy ${base} --environment ${env} --cluster sample-${env} --services sample-app --task-definition ${SAMPLE}/.github/task-definitions/${env}.json`;
    const flags: Record<string, string> = {
      'ecr-push.json': `--role build ${base} --ecr-repository sample-app`,
      'deploy-staging.json': deploy('staging'),
      'deploy-production.json': deploy('production'),
    };
    for (const [file, line] of Object.entries(flags)) {
      const request = parseIamArgs(line.split(' '), {});
      const inSample: unknown = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'iam', file), 'utf8'));
      expect([file, inSample]).toEqual([file, identityPolicy(request.role, request.scope)]);
    }
  });

  it('a deploy policy without ecs:UpdateService fails before any story, naming the file, action and ARN', async () => {
    const dir = variant((d) => dropAction(d, 'iam/deploy-staging.json', 'ecs:UpdateService'));
    const { result, output } = await rehearseAppDir(dir, {
      noDocker: true,
      checkTeamPolicy: teamPolicyFindings,
    });
    expect(result.passed).toBe(false);
    expect(result.results).toEqual([]);
    const service = 'arn:aws:ecs:eu-west-1:123456789012:service/sample-staging/sample-app';
    expect(errorsOf(result.findings)).toEqual([
      expect.objectContaining({
        where: 'iam/deploy-staging.json',
        message: expect.stringContaining(`may not ecs:UpdateService on ${service}`),
        fix: `iam/deploy-staging.json: allow ecs:UpdateService on ${service}`,
      }),
    ]);
    expect(output).toContain(`change: iam/deploy-staging.json: allow ecs:UpdateService on ${service}`);
    expect(output).toMatch(/no story was played/);
    expect(output).not.toMatch(/▶ good-release/);
  });

  it('a policy IAM would refuse, and a key naming no role, are findings before the calls are checked', () => {
    const dir = variant((d) => {
      replaceIn(d, 'iam/ecr-push.json', '"ecr:PutImage"', '"ecr:PushImage"');
      replaceIn(d, '.github/rehearsal.yml', 'STAGING_AWS_ROLE_ARN: iam/', 'sample-app-deploy-stagin: iam/');
    });
    const { setup, team } = teamOf(dir);
    const errors = errorsOf(teamIamFindings(team, setup, teamPolicyFindings));
    expect(errors).toEqual([
      expect.objectContaining({
        where: '.github/rehearsal.yml iam.sample-app-deploy-stagin',
        message: expect.stringMatching(/names no role the workflows assume \(.*sample-app-deploy-staging/),
      }),
      expect.objectContaining({
        where: 'iam/ecr-push.json',
        message: expect.stringMatching(/not valid IAM: .*'ecr:PushImage' is not an action of ecr/),
      }),
    ]);
  });

  it('ecs:TagResource is asked for only when the task definition carries tags', () => {
    const errors = (tag: boolean) => {
      const dir = variant((d) => {
        dropAction(d, 'iam/deploy-staging.json', 'ecs:TagResource');
        if (tag)
          replaceIn(
            d,
            '.github/task-definitions/staging.json',
            '"family"',
            '"tags": [{ "key": "team", "value": "shop" }],\n  "family"',
          );
      });
      const { setup, team } = teamOf(dir);
      return errorsOf(teamIamFindings(team, setup, teamPolicyFindings)).map((f) => `${f.where} ${f.message}`);
    };
    expect(errors(false)).toEqual([]);
    expect(errors(true)).toEqual([
      expect.stringMatching(
        /^iam\/deploy-staging.json sample-app-deploy-staging may not ecs:TagResource on arn:aws:ecs:eu-west-1:123456789012:task-definition\/sample-app-staging:\* \(with \{"ecs:CreateAction":"RegisterTaskDefinition"\}\)/,
      ),
    ]);
  });

  it('a task definition that cannot be read leaves its role unchecked, said as a warning, not a crash', () => {
    const dir = variant((d) => replaceIn(d, '.github/task-definitions/staging.json', '"family"', '"family'));
    const { setup, team } = teamOf(dir);
    const findings = teamIamFindings(team, setup, teamPolicyFindings);
    expect(errorsOf(findings)).toEqual([]);
    expect(findings).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        where: 'iam/deploy-staging.json',
        message: expect.stringMatching(/^not checked: its task definition cannot be read/),
      }),
    );
  });

  it('without iam: the generated policy stands in, and the output says so', () => {
    const dir = variant((d) => replaceIn(d, '.github/rehearsal.yml', /^iam:\n(?: {2}.*\n)+/m, ''));
    const { setup, team } = teamOf(dir);
    expect(team.checks).toEqual([]);
    const notes = teamIamFindings(team, setup, teamPolicyFindings);
    expect(notes).toEqual([
      expect.objectContaining({
        level: 'note',
        message: expect.stringMatching(
          /generates stood in for sample-app-ecr-push, sample-app-deploy-staging, sample-app-deploy-production/,
        ),
      }),
    ]);
  });

  it("the emulator enforces the team's policy in its own account and region", () => {
    const { team } = teamOf(SAMPLE);
    const staging = team.checks.find((c) => c.role.name === 'sample-app-deploy-staging')!;
    const request = (region: string) => ({
      action: 'ecs:UpdateService',
      resource: `arn:aws:ecs:${region}:${ACCOUNT_ID}:service/sample-staging/sample-app`,
      context: {},
    });
    expect(evaluateIamPolicy(forEmulator(staging), request(REGION))).toBe('allowed');
    expect(evaluateIamPolicy(forEmulator(staging), request('eu-west-1'))).toBe('implicit-deny');
    const without = { ...staging, document: { Version: '2012-10-17', Statement: [] } };
    expect(evaluateIamPolicy(forEmulator(without), request(REGION))).toBe('implicit-deny');
  });

  it("a call the check let through still fails the story: the team's policy is what the emulator enforces", async () => {
    const dir = variant((d) => dropAction(d, 'iam/deploy-staging.json', 'ecs:UpdateService'));
    // No check given: the policy reaches the stories, where the emulator refuses the call.
    const { result, output } = await rehearseAppDir(dir, {
      noDocker: true,
      stories: ['good-release'],
      iamPolicies: (setup) => rehearsalPolicies(setup),
    });
    expect(result.passed).toBe(false);
    expect(result.results.map((r) => r.passed)).toEqual([false]);
    expect(output).toMatch(/sample-app-deploy-staging ← iam\/deploy-staging\.json/);
    expect(output).toMatch(
      /not authorized to perform: ecs:UpdateService on resource: .*service\/sample-staging\/sample-app/,
    );
  }, 120_000);
});
