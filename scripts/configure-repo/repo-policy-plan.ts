// Turns a policy and the state read from GitHub into the list of requests that make them agree,
// each with the fields it changes, so the same plan is printed (--dry-run) and then applied.
import { diffFields, environmentFields, listFields, rulesetFields } from './github-settings-compare.js';
import {
  RULESET_PREFIX,
  type EnvironmentSettings,
  type RepoState,
  type Rule,
  type Ruleset,
} from './github-settings-state.js';
import type { Method } from './github-settings.js';
import { reviewerName, type BranchRule, type EnvironmentRule, type RepoPolicy } from './repo-policy.js';

export interface Change {
  symbol: '+' | '~' | '-';
  /** What the change is about, the same in every plan (a re-read plan is matched against it). */
  key: string;
  title: string;
  /** `field: before → after` lines. */
  details: string[];
  method: Method;
  path: string;
  body?: object;
}

export function rulesetFor(branch: string, rule: BranchRule): Ruleset {
  const rules: Rule[] = [];
  if (!rule.allowDeletions) rules.push({ type: 'deletion' });
  if (!rule.allowForcePushes) rules.push({ type: 'non_fast_forward' });
  rules.push({ type: 'pull_request', parameters: { ...rule.pullRequest } });
  if (rule.statusChecks.checks.length > 0)
    rules.push({
      type: 'required_status_checks',
      parameters: {
        strict_required_status_checks_policy: rule.statusChecks.strict,
        required_status_checks: rule.statusChecks.checks,
      },
    });
  return {
    name: `${RULESET_PREFIX}${branch}`,
    target: 'branch',
    enforcement: 'active',
    bypass_actors: [],
    conditions: { ref_name: { include: [`refs/heads/${branch}`], exclude: [] } },
    rules,
  };
}

function rulesetChanges(base: string, policy: RepoPolicy, state: RepoState): Change[] {
  const changes: Change[] = [];
  for (const [branch, rule] of policy.branches) {
    const wanted = rulesetFor(branch, rule);
    const after = rulesetFields(wanted, wanted);
    const current = state.rulesets.get(wanted.name);
    if (!current) {
      changes.push({
        symbol: '+',
        key: `ruleset ${wanted.name}`,
        title: `create ruleset "${wanted.name}"`,
        details: listFields(after),
        method: 'POST',
        path: `${base}/rulesets`,
        body: wanted,
      });
      continue;
    }
    const details = diffFields(rulesetFields(current.ruleset, wanted), after);
    if (details.length > 0)
      changes.push({
        symbol: '~',
        key: `ruleset ${wanted.name}`,
        title: `update ruleset "${wanted.name}" (#${current.id})`,
        details,
        method: 'PUT',
        path: `${base}/rulesets/${current.id}`,
        body: wanted,
      });
  }
  for (const [name, { id }] of state.rulesets) {
    if (!policy.branches.has(name.slice(RULESET_PREFIX.length)))
      changes.push({
        symbol: '-',
        key: `delete ruleset ${name}`,
        title: `delete ruleset "${name}" (#${id}): its branch left the policy`,
        details: [],
        method: 'DELETE',
        path: `${base}/rulesets/${id}`,
      });
  }
  return changes;
}

export function environmentFor(env: EnvironmentRule, state: RepoState): EnvironmentSettings {
  return {
    wait_timer: env.waitTimerMinutes,
    prevent_self_review: env.preventSelfReview,
    reviewers: env.reviewers.map((r) => state.reviewers.get(reviewerName(r))!),
    deployment_branch_policy: env.deploymentBranches
      ? { protected_branches: false, custom_branch_policies: true }
      : null,
  };
}

function environmentChanges(base: string, policy: RepoPolicy, state: RepoState): Change[] {
  const changes: Change[] = [];
  for (const [name, env] of protectedFirst(policy.environments)) {
    const envPath = `${base}/environments/${encodeURIComponent(name)}`;
    const wanted = environmentFor(env, state);
    const current = state.environments.get(name);
    const after = environmentFields(wanted, state.names);
    const details = current
      ? diffFields(environmentFields(current.settings, state.names), after)
      : listFields(after);
    if (!current || details.length > 0)
      changes.push({
        symbol: current ? '~' : '+',
        key: `environment ${name}`,
        title: `${current ? 'update' : 'create'} environment "${name}"`,
        details,
        method: 'PUT',
        path: envPath,
        body: wanted,
      });
    if (!env.deploymentBranches) continue;
    const existing = current?.branchPolicies ?? [];
    const isWanted = (p: { name: string; type?: string }) =>
      (p.type ?? 'branch') === 'branch' && env.deploymentBranches!.includes(p.name);
    for (const extra of existing.filter((p) => !isWanted(p)))
      changes.push({
        symbol: '-',
        key: `environment ${name} remove ${extra.type ?? 'branch'} policy ${extra.name}`,
        title: `remove deployment ${extra.type ?? 'branch'} policy "${extra.name}" from environment "${name}"`,
        details: [],
        method: 'DELETE',
        path: `${envPath}/deployment-branch-policies/${extra.id}`,
      });
    for (const branch of env.deploymentBranches.filter(
      (b) => !existing.some((p) => isWanted(p) && p.name === b),
    ))
      changes.push({
        symbol: '+',
        key: `environment ${name} allow ${branch}`,
        title: `allow branch "${branch}" to deploy to environment "${name}"`,
        details: [],
        method: 'POST',
        path: `${envPath}/deployment-branch-policies`,
        body: { name: branch, type: 'branch' },
      });
  }
  return changes;
}

/**
 * Production first, then the other environments with reviewers, then the rest. A workflow that
 * names an environment GitHub does not know creates it unprotected, so a run stopped part-way
 * must have protected production before anything else.
 */
function protectedFirst(environments: Map<string, EnvironmentRule>): [string, EnvironmentRule][] {
  const rank = ([name, env]: [string, EnvironmentRule]) =>
    name === 'production' ? 0 : env.reviewers.length > 0 ? 1 : 2;
  return [...environments].sort((a, b) => rank(a) - rank(b));
}

/**
 * Every change, in the order it is applied: environments (production first; an environment exists
 * before its branch policies, and extra policies go before new ones), then rulesets, and last the
 * deletion of rulesets that left the policy (a protection is removed only once the rest is in place).
 */
export function planChanges(owner: string, repo: string, policy: RepoPolicy, state: RepoState): Change[] {
  const base = `/repos/${owner}/${repo}`;
  const rulesets = rulesetChanges(base, policy, state);
  return [
    ...environmentChanges(base, policy, state),
    ...rulesets.filter((c) => c.method !== 'DELETE'),
    ...rulesets.filter((c) => c.method === 'DELETE'),
  ];
}

export function formatPlan(target: string, changes: Change[]): string[] {
  if (changes.length === 0) return [`${target} already follows the policy: no changes.`];
  const lines = [`${changes.length} change${changes.length === 1 ? '' : 's'} for ${target}:`];
  for (const change of changes) {
    lines.push(`  ${change.symbol} ${change.title}`);
    for (const detail of change.details) lines.push(`      ${detail}`);
  }
  return lines;
}
