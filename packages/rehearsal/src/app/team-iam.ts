// The team's own IAM policies, named per role in `.github/rehearsal.yml` (`iam:`): read and tied to
// the role the workflows assume, handed to the check before any story, then enforced in the emulator
// in place of the generated ones (their ARNs moved to the emulator's account and region).
import fs from 'node:fs';
import path from 'node:path';
import type { IamPolicy } from '@shipline/ecs-emulator';
import type { RehearsalIamSetup, RehearsalRole } from '../stories/iam-roles.js';
import { ACCOUNT_ID, REGION } from '../stories/seed.js';
import type { AppConfig } from './app-config.js';
import { roleName } from './app-iam.js';
import { appFinding, type AppFinding } from './app-finding.js';
import type { DeployTarget } from './deploy-targets.js';
import { repositoryPath } from './stood-in-settings.js';

/** One team policy to check against the calls of its role's jobs, in the team's account and region. */
export interface TeamPolicyCheck {
  /** `iam/deploy-staging.json`, as rehearsal.yml names it. */
  file: string;
  document: unknown;
  role: RehearsalRole;
  account: string;
  region: string;
  services: string[];
  ecrRepositories: string[];
}

export interface TeamPolicies {
  checks: TeamPolicyCheck[];
  findings: AppFinding[];
}

const WHERE = '.github/rehearsal.yml iam';

export function readTeamPolicies(
  appDir: string,
  config: AppConfig,
  targets: DeployTarget[],
  setup: RehearsalIamSetup,
): TeamPolicies {
  const findings: AppFinding[] = [];
  const checks: TeamPolicyCheck[] = [];
  const roleArns = targets.flatMap((t) => [t.inputs['aws-role-arn'], t.inputs['aws-build-role-arn']]);
  const account = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(roleArns.find((a) => a) ?? '')?.[1] ?? ACCOUNT_ID;
  const region = targets.find((t) => t.inputs['aws-region'])?.inputs['aws-region'] ?? REGION;
  const image = targets.flatMap((t) => t.readsVariables.image ?? [])[0];
  const ecr = repositoryPath((image && config.variables[image]) || config.repository.split('/')[1]!);
  for (const [key, file] of Object.entries(config.iam ?? {})) {
    const name = key in config.variables ? roleName(config.variables[key]!) : key;
    const role = setup.roles.find((r) => r.name === name);
    if (!role) {
      const known = setup.roles.map((r) => r.name).join(', ');
      findings.push(appFinding('error', `${WHERE}.${key}`, `names no role the workflows assume (${known})`));
      continue;
    }
    const full = path.join(appDir, file);
    let document: unknown;
    try {
      document = JSON.parse(fs.readFileSync(full, 'utf8'));
    } catch (error) {
      findings.push(
        appFinding('error', file, `the policy of ${name} cannot be read: ${(error as Error).message}`),
      );
      continue;
    }
    checks.push({ file, document, role, account, region, services: setup.services, ecrRepositories: [ecr] });
  }
  return { checks, findings };
}

/** The policy as the emulator enforces it: the team's account and region are the emulator's. */
export function forEmulator(check: TeamPolicyCheck): IamPolicy {
  const text = JSON.stringify(check.document)
    .replaceAll(`:${check.region}:${check.account}:`, `:${REGION}:${ACCOUNT_ID}:`)
    .replaceAll(`:iam::${check.account}:`, `:iam::${ACCOUNT_ID}:`);
  return JSON.parse(text) as IamPolicy;
}

const generated = (roles: string[]) =>
  `the policy ./dev iam-policy generates stood in for ${roles.join(', ')} (no policy file named for ${roles.length > 1 ? 'them' : 'it'} under iam: in .github/rehearsal.yml)`;

/** What reading and checking the team's policies found, and a note of which policy stands for each role. */
export function teamIamFindings(
  team: TeamPolicies,
  setup: RehearsalIamSetup,
  check: ((policy: TeamPolicyCheck) => AppFinding[]) | undefined,
): AppFinding[] {
  const checked = team.checks.flatMap((c) => check?.(c) ?? []);
  const named = new Set(team.checks.map((c) => c.role.name));
  const rest = setup.roles.map((r) => r.name).filter((name) => !named.has(name));
  const notes = [
    ...team.checks.map((c) =>
      appFinding(
        'note',
        c.file,
        check
          ? `IAM: the policy of ${c.role.name}, checked against every call its ${c.role.kind} jobs make`
          : `IAM: the policy of ${c.role.name} (not checked: no check given)`,
      ),
    ),
    ...(rest.length ? [appFinding('note', WHERE, `IAM: ${generated(rest)}`)] : []),
  ];
  return [...team.findings, ...checked, ...notes];
}

/** The line saying which policy the emulator holds each role to. */
export function iamEnforcedLine(team: TeamPolicies, setup: RehearsalIamSetup): string {
  const files = new Map(team.checks.map((c) => [c.role.name, c.file]));
  const roles = setup.roles.map((r) => `${r.name} ← ${files.get(r.name) ?? 'generated'}`);
  return `IAM: the emulator holds each job's AWS role to its policy (${roles.join(', ')}; --no-iam turns it off)`;
}
