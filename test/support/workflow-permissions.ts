// What each job's GITHUB_TOKEN must hold, derived from its steps: a table of what every action we
// use needs (ours and third-party, from their documentation and `with:`), and for a job that calls
// a reusable workflow, every scope a job of that workflow asks for. permissionFindings() compares a
// job's `permissions` with that union: a scope no step needs, or a need the job does not grant, is
// a finding.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../../scripts/lib/actions.js';
import { isMap, OWN_REPOSITORY, type YamlMap as Map } from './workflow-files.js';

export type Level = 'read' | 'write';
export type Scopes = Record<string, Level>;
const RANK: Record<string, number> = { none: 0, read: 1, write: 2 };

/** The job's own token reaches the step: `with.<input>` unset (the action defaults to it) or naming it. */
const usesJobToken = (value: unknown) =>
  value === undefined || /\bgithub\.token\b|secrets\.GITHUB_TOKEN\b/.test(String(value));

interface ActionNeed {
  /** `owner/repo[/path]` of a third-party action, or the name of one of ours under actions/. */
  action: string;
  needs: (w: Map) => Scopes;
  why: string;
}

export const ACTION_NEEDS: ActionNeed[] = [
  {
    action: 'actions/checkout',
    needs: (w): Scopes => (usesJobToken(w.token) ? { contents: 'read' } : {}),
    why: 'clones the repository with the job token',
  },
  {
    action: 'actions/setup-node',
    needs: () => ({}),
    why: 'its cache uses the runner token, not GITHUB_TOKEN',
  },
  { action: 'pnpm/action-setup', needs: () => ({}), why: 'downloads pnpm from npm' },
  { action: 'actions/upload-artifact', needs: () => ({}), why: 'uses the runner token, not GITHUB_TOKEN' },
  {
    action: 'aws-actions/configure-aws-credentials',
    needs: (w): Scopes =>
      w['role-to-assume'] !== undefined &&
      w['aws-access-key-id'] === undefined &&
      !w['web-identity-token-file']
        ? { 'id-token': 'write' }
        : {},
    why: 'assumes the role with a GitHub OIDC token',
  },
  {
    action: 'approve-gate',
    needs: (w): Scopes =>
      !usesJobToken(w.token)
        ? {}
        : w.mode === 'environment'
          ? { actions: 'read' } // reads the run's review history (GET .../actions/runs/{id}/approvals)
          : { issues: 'write' }, // opens the approval issue, reads and answers its comments
    why: 'issue mode: issues: write; environment mode: actions: read',
  },
  { action: 'build-and-push', needs: () => ({}), why: 'the checked-out files and registry credentials' },
  { action: 'deploy-ecs', needs: () => ({}), why: 'AWS only' },
  { action: 'run-task', needs: () => ({}), why: 'AWS only' },
  { action: 'rollback', needs: () => ({}), why: 'AWS only' },
  { action: 'smoke-test', needs: () => ({}), why: 'HTTP to the application only' },
  { action: 'notify-slack', needs: () => ({}), why: 'Slack only' },
  { action: 'notify-pagerduty', needs: () => ({}), why: 'PagerDuty only' },
];

/** Shell steps that call GitHub with the job token, by step id: what each needs and why. */
export const SHELL_STEP_NEEDS: { id: string; needs: Scopes; why: string }[] = [
  {
    id: 'publish',
    needs: { contents: 'write' },
    why: 'release.yml: gh release create, and the major tag moved through the git refs API',
  },
  {
    id: 'promote',
    needs: { deployments: 'read' },
    why: 'reusable-deploy.yml promote-from: lists the verified deployments of this commit and their statuses',
  },
  {
    id: 'order',
    needs: { deployments: 'read', contents: 'read' },
    why: "reusable-deploy.yml: the environment's newest verified deployment, compared with this commit (compare API)",
  },
  {
    id: 'record',
    needs: { deployments: 'write' },
    why: 'reusable-deploy.yml: creates the deployment record and its success status',
  },
];

/** The table entry for a `uses:` value, by third-party name or our action's name. */
function entryFor(uses: string): ActionNeed | undefined {
  const own = new RegExp(
    `^(?:${OWN_REPOSITORY}/actions/([a-z0-9-]+)@\\S+|\\./actions/([a-z0-9-]+)/?)$`,
    'i',
  ).exec(uses);
  const name = own ? (own[1] ?? own[2])! : uses.split('@')[0]!.toLowerCase();
  return ACTION_NEEDS.find((entry) => entry.action === name);
}

/** A called reusable workflow of this repository: every scope any of its jobs asks for. */
function calledWorkflowNeeds(uses: string, root: string): { scopes: Scopes; problem?: string } {
  const m = new RegExp(
    `^(?:${OWN_REPOSITORY}/|\\./)(\\.github/workflows/[^@]+\\.ya?ml)(?:@\\S+)?$`,
    'i',
  ).exec(uses);
  if (!m) return { scopes: {}, problem: `calls ${uses}, whose jobs this check cannot read` };
  const workflow = parseYaml(fs.readFileSync(path.join(root, m[1]!), 'utf8')) as Map;
  const scopes: Scopes = {};
  for (const job of Object.values(isMap(workflow.jobs) ? workflow.jobs : {}))
    if (isMap(job) && isMap(job.permissions)) merge(scopes, job.permissions as Scopes);
  return { scopes };
}

function merge(into: Scopes, more: Scopes): void {
  for (const [scope, level] of Object.entries(more))
    if ((RANK[level] ?? 0) > (RANK[into[scope] ?? 'none'] ?? 0)) into[scope] = level;
}

/** What a job's steps (or its called workflow) need, each scope with the steps that need it. */
export function jobNeeds(
  job: Map,
  root = repoRoot,
): { scopes: Scopes; by: Record<string, string[]>; problems: string[] } {
  const scopes: Scopes = {};
  const by: Record<string, string[]> = {};
  const problems: string[] = [];
  const add = (who: string, more: Scopes) => {
    merge(scopes, more);
    for (const scope of Object.keys(more)) (by[scope] ??= []).push(who);
  };
  if (typeof job.uses === 'string') {
    const called = calledWorkflowNeeds(job.uses, root);
    if (called.problem) problems.push(called.problem);
    add(`the called ${job.uses.split('@')[0]!.split('/').pop()}`, called.scopes);
  }
  const steps = Array.isArray(job.steps) ? job.steps.filter(isMap) : [];
  for (const [i, step] of steps.entries()) {
    const who = `step ${typeof step.id === 'string' ? step.id : i + 1}`;
    if (typeof step.uses === 'string') {
      const entry = entryFor(step.uses);
      if (!entry)
        problems.push(
          `${who}: ${step.uses} is not in the permission table (test/support/workflow-permissions.ts)`,
        );
      else add(who, entry.needs(isMap(step.with) ? step.with : {}));
    } else if (/\bgithub\.token\b|secrets\.GITHUB_TOKEN\b/.test(JSON.stringify(step))) {
      const shell = SHELL_STEP_NEEDS.find((entry) => entry.id === step.id);
      if (shell) add(who, shell.needs);
      else
        problems.push(`${who}: a shell step reads the job token; say what it needs in the permission table`);
    }
  }
  return { scopes, by, problems };
}

/**
 * A job's `permissions` against what its steps need: each scope granted beyond the need, and each
 * need not granted. Equality is the rule: a scope is granted because a step named here needs it.
 */
export function jobPermissionFindings(where: string, granted: Scopes, job: Map, root = repoRoot): string[] {
  const { scopes: needed, by, problems } = jobNeeds(job, root);
  const findings = problems.map((p) => `${where} ${p}`);
  for (const scope of new Set([...Object.keys(granted), ...Object.keys(needed)])) {
    const has = RANK[granted[scope] ?? 'none'] ?? 0;
    const need = RANK[needed[scope] ?? 'none'] ?? 0;
    if (has > need)
      findings.push(
        need === 0
          ? `${where}: '${scope}: ${granted[scope]}' is granted but no step needs it`
          : `${where}: '${scope}: ${granted[scope]}' is more than its steps need ('${needed[scope]}' for ${by[scope]!.join(', ')})`,
      );
    else if (has < need)
      findings.push(
        `${where}: ${by[scope]!.join(', ')} need${by[scope]!.length > 1 ? '' : 's'} '${scope}: ${needed[scope]}', which the job does not grant`,
      );
  }
  return findings;
}
