// Reads, with GETs only, the repository settings a policy manages: shipline's rulesets, the policy's
// environments with their deployment branch policies, and the ids of the reviewers it names.
import { isRefusal, PermissionError, TEAMS_NEEDED, type GitHubApi } from './github-settings.js';
import { PolicyError, reviewerName, type RepoPolicy, type Reviewer } from './repo-policy.js';

/** Rulesets are matched by name; only names with this prefix are shipline's, the rest are left alone. */
export const RULESET_PREFIX = 'shipline: ';

export interface Rule {
  type: string;
  parameters?: Record<string, unknown>;
}

export interface Ruleset {
  name: string;
  target: string;
  enforcement: string;
  bypass_actors?: unknown[];
  conditions?: { ref_name?: { include?: string[]; exclude?: string[] } } | null;
  rules?: Rule[];
}

export interface ReviewerRef {
  type: 'User' | 'Team';
  id: number;
}

export interface EnvironmentSettings {
  wait_timer: number;
  prevent_self_review: boolean;
  reviewers: ReviewerRef[];
  deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
}

export interface BranchPolicy {
  id: number;
  name: string;
  type?: string;
}

export interface RepoState {
  rulesets: Map<string, { id: number; ruleset: Ruleset }>;
  environments: Map<string, { settings: EnvironmentSettings; branchPolicies: BranchPolicy[] }>;
  reviewers: Map<string, ReviewerRef>;
  /** Display names of reviewer ids, from the policy and from GitHub's answers. */
  names: Map<string, string>;
}

export const refKey = (ref: ReviewerRef): string => `${ref.type}:${ref.id}`;

interface EnvironmentResponse {
  protection_rules?: {
    type: string;
    wait_timer?: number;
    prevent_self_review?: boolean;
    reviewers?: { type: 'User' | 'Team'; reviewer: { id: number; login?: string; slug?: string } }[];
  }[];
  deployment_branch_policy?: EnvironmentSettings['deployment_branch_policy'];
}

export async function readState(
  api: GitHubApi,
  owner: string,
  repo: string,
  policy: RepoPolicy,
): Promise<RepoState> {
  const base = `/repos/${owner}/${repo}`;
  const state: RepoState = {
    rulesets: new Map(),
    environments: new Map(),
    reviewers: new Map(),
    names: new Map(),
  };

  const summaries = await api.list<{ id: number; name: string; source_type?: string }>(
    `${base}/rulesets?includes_parents=false`,
  );
  for (const summary of summaries) {
    if (!summary.name.startsWith(RULESET_PREFIX) || (summary.source_type ?? 'Repository') !== 'Repository')
      continue;
    const ruleset = await api.get<Ruleset>(`${base}/rulesets/${summary.id}`);
    state.rulesets.set(summary.name, { id: summary.id, ruleset });
  }

  for (const name of policy.environments.keys()) {
    const env = await api.find<EnvironmentResponse>(`${base}/environments/${encodeURIComponent(name)}`);
    if (!env) continue;
    const settings = readEnvironment(env, state.names);
    const branchPolicies = settings.deployment_branch_policy?.custom_branch_policies
      ? await api.list<BranchPolicy>(
          `${base}/environments/${encodeURIComponent(name)}/deployment-branch-policies`,
          (page) => (page as { branch_policies: BranchPolicy[] }).branch_policies,
        )
      : [];
    state.environments.set(name, { settings, branchPolicies });
  }

  for (const [envName, env] of policy.environments) {
    for (const reviewer of env.reviewers) {
      const key = reviewerName(reviewer);
      if (state.reviewers.has(key)) continue;
      const ref = await resolveReviewer(api, reviewer, `environments.${envName}.reviewers`);
      state.reviewers.set(key, ref);
      state.names.set(refKey(ref), key);
    }
  }
  return state;
}

function readEnvironment(env: EnvironmentResponse, names: Map<string, string>): EnvironmentSettings {
  const rules = env.protection_rules ?? [];
  const reviewRule = rules.find((r) => r.type === 'required_reviewers');
  const reviewers = (reviewRule?.reviewers ?? []).map(({ type, reviewer }) => {
    const ref = { type, id: reviewer.id };
    if (!names.has(refKey(ref)))
      names.set(refKey(ref), reviewer.login ?? reviewer.slug ?? String(reviewer.id));
    return ref;
  });
  return {
    wait_timer: rules.find((r) => r.type === 'wait_timer')?.wait_timer ?? 0,
    prevent_self_review: reviewRule?.prevent_self_review ?? false,
    reviewers,
    deployment_branch_policy: env.deployment_branch_policy ?? null,
  };
}

async function resolveReviewer(api: GitHubApi, reviewer: Reviewer, field: string): Promise<ReviewerRef> {
  const path =
    reviewer.type === 'User' ? `/users/${reviewer.login}` : `/orgs/${reviewer.org}/teams/${reviewer.slug}`;
  let found: { id: number } | undefined;
  try {
    found = await api.find<{ id: number }>(path);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    // A token problem, not a policy one: the file may well name a real team.
    const need = reviewer.type === 'Team' ? TEAMS_NEEDED : 'read access to users';
    throw new PermissionError(
      `${(error as Error).message}\nGitHub refused to read ${reviewerName(reviewer)} (named in ${field}): ` +
        `the token needs ${need}. Nothing was changed`,
      403,
    );
  }
  if (found) return { type: reviewer.type, id: found.id };
  const what = reviewer.type === 'User' ? 'user' : 'team';
  throw new PolicyError(
    field,
    `names ${reviewerName(reviewer)}, but GitHub knows no such ${what}`,
    reviewer.type === 'User' ? 'octocat' : 'my-org/release-managers',
  );
}
