// The repository policy file (.github/repository-policy.yml): protected branches and deployment
// environments, validated into typed rules. The format is documented in workflows/repository-policy.yml.
import { readEnvironment, type EnvironmentRule } from './repo-policy-environments.js';

export { reviewerName, type EnvironmentRule, type Reviewer } from './repo-policy-environments.js';
import { FieldReader, PolicyErrors, type Path } from './repo-policy-fields.js';

export { PolicyError, PolicyErrors } from './repo-policy-fields.js';

/** The ruleset `pull_request` rule's parameters, named as GitHub names them. */
export interface PullRequestRule {
  required_approving_review_count: number;
  dismiss_stale_reviews_on_push: boolean;
  require_code_owner_review: boolean;
  require_last_push_approval: boolean;
  required_review_thread_resolution: boolean;
}

export interface StatusCheck {
  context: string;
  integration_id?: number;
}

export interface BranchRule {
  pullRequest: PullRequestRule;
  statusChecks: { strict: boolean; checks: StatusCheck[] };
  allowForcePushes: boolean;
  allowDeletions: boolean;
}

export interface RepoPolicy {
  branches: Map<string, BranchRule>;
  environments: Map<string, EnvironmentRule>;
}

const BRANCH = /^(?!\/|.*\/\/|.*\/$|.*\.\.|.*\.lock$|.*@\{)[^\s~^:?\\[\p{Cc}]{1,255}$/u;
const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;

/** Parses and validates a policy file's text; throws PolicyErrors listing every bad field. */
export function parsePolicy(text: string, file = 'repository-policy.yml'): RepoPolicy {
  const r = new FieldReader(text, file);
  if (r.errors.length > 0) throw new PolicyErrors(r.errors);
  const top =
    r.object([], r.root, ['version', 'branches', 'environments'], 'branches: { main: {...} }') ?? {};
  if (top.version !== undefined && top.version !== 1)
    r.fail(['version'], `is ${JSON.stringify(top.version)}: only version 1 exists`, '1');
  const branches = new Map<string, BranchRule>();
  const rawBranches = r.object(['branches'], top.branches, null, 'main: { pull_request: {...} }') ?? {};
  for (const [name, raw] of Object.entries(rawBranches)) {
    if (!BRANCH.test(name)) r.fail(['branches', name], 'is not a branch name or pattern', 'main');
    branches.set(name, readBranch(r, ['branches', name], raw));
  }
  const environments = new Map<string, EnvironmentRule>();
  const rawEnvs =
    r.object(['environments'], top.environments, null, 'production: { reviewers: [octocat] }') ?? {};
  for (const [name, raw] of Object.entries(rawEnvs)) {
    if (!ENVIRONMENT.test(name))
      r.fail(
        ['environments', name],
        'is not an environment name: letters, digits, ".", "_" and "-"',
        'production',
      );
    environments.set(name, readEnvironment(r, ['environments', name], raw));
  }
  if (branches.size === 0 && environments.size === 0)
    r.fail([], 'has neither branches nor environments: nothing to configure', 'branches: { main: {} }');
  if (r.errors.length > 0) throw new PolicyErrors(r.errors);
  return { branches, environments };
}

const BRANCH_KEYS = ['pull_request', 'required_status_checks', 'allow_force_pushes', 'allow_deletions'];
/** The pull_request rule's switches and their defaults; the review count is read on its own. */
const PR_FLAGS = {
  dismiss_stale_reviews_on_push: true,
  require_code_owner_review: false,
  require_last_push_approval: false,
  required_review_thread_resolution: false,
};
const COUNT = 'required_approving_review_count';

function readBranch(r: FieldReader, path: Path, raw: unknown): BranchRule {
  const b = r.object(path, raw, BRANCH_KEYS, 'pull_request: { required_approving_review_count: 1 }') ?? {};
  const pp = [...path, 'pull_request'];
  const pr = r.object(pp, b.pull_request, [COUNT, ...Object.keys(PR_FLAGS)], `${COUNT}: 1`) ?? {};
  const why = 'a protected branch needs at least one approving review; GitHub allows up to 10';
  const flags = Object.entries(PR_FLAGS).map(([flag, fallback]) => [
    flag,
    r.boolean([...pp, flag], pr[flag], fallback),
  ]);
  const pullRequest: PullRequestRule = {
    required_approving_review_count: r.integer([...pp, COUNT], pr[COUNT], { min: 1, max: 10, why }, 1),
    ...(Object.fromEntries(flags) as typeof PR_FLAGS),
  };
  const sp = [...path, 'required_status_checks'];
  const sc = r.object(sp, b.required_status_checks, ['strict', 'checks'], 'checks: [ci / test]') ?? {};
  const checks: StatusCheck[] = [];
  r.list([...sp, 'checks'], sc.checks, '[ci / test, ci / lint]').forEach((item, i) => {
    const check = readCheck(r, [...sp, 'checks', i], item);
    if (!check) return;
    if (checks.some((c) => c.context === check.context))
      r.fail([...sp, 'checks', i], `repeats the check ${JSON.stringify(check.context)}`, 'each check once');
    else checks.push(check);
  });
  return {
    pullRequest,
    statusChecks: { strict: r.boolean([...sp, 'strict'], sc.strict, true), checks },
    allowForcePushes: r.boolean([...path, 'allow_force_pushes'], b.allow_force_pushes, false),
    allowDeletions: r.boolean([...path, 'allow_deletions'], b.allow_deletions, false),
  };
}

function readCheck(r: FieldReader, path: Path, item: unknown): StatusCheck | undefined {
  const rule = 'must be a check name (the job name GitHub shows)';
  if (typeof item !== 'object' || item === null) {
    const context = r.string(path, item, /^\S(.{0,253}\S)?$/, rule, 'ci / test');
    return context === undefined ? undefined : { context };
  }
  const o =
    r.object(path, item, ['context', 'integration_id'], '{ context: ci / test, integration_id: 15368 }') ??
    {};
  const context = r.string([...path, 'context'], o.context, /^\S(.{0,253}\S)?$/, rule, 'ci / test');
  const id =
    o.integration_id === undefined
      ? undefined
      : r.integer(
          [...path, 'integration_id'],
          o.integration_id,
          {
            min: 1,
            max: 2 ** 31 - 1,
            why: 'the GitHub App id that must report the check; 15368 is GitHub Actions',
          },
          15368,
        );
  if (context === undefined) return undefined;
  return id === undefined ? { context } : { context, integration_id: id };
}
