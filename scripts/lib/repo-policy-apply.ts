// configure-repo's whole run: check admin rights, read everything, plan, print, then (unless a dry
// run) apply the plan in order. Nothing is written before the plan is complete.
import { checkAdmin, isRefusal, NEEDED, PermissionError, type GitHubApi } from './github-settings.js';
import { readState } from './github-settings-state.js';
import { formatPlan, planChanges, type Change } from './repo-policy-plan.js';
import type { RepoPolicy } from './repo-policy.js';

export interface ConfigureOptions {
  api: GitHubApi;
  owner: string;
  repo: string;
  policy: RepoPolicy;
  dryRun?: boolean;
  log?: (line: string) => void;
}

export interface ConfigureResult {
  changes: Change[];
  applied: number;
}

/** Thrown when a write fails part-way: says what was applied and that a re-run finishes the rest. */
export class PartialApplyError extends Error {
  constructor(
    readonly applied: number,
    readonly total: number,
    readonly failure: Error,
  ) {
    super(
      `${failure.message}\n${applied} of ${total} changes were applied before this failure; ` +
        'fix the cause and run configure-repo again: it plans only what is still missing',
    );
    this.name = 'PartialApplyError';
  }
}

export async function configureRepo(options: ConfigureOptions): Promise<ConfigureResult> {
  const { api, owner, repo, policy } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const target = `${owner}/${repo}`;
  await checkAdmin(api, owner, repo);
  const state = await readState(api, owner, repo, policy);
  const changes = planChanges(owner, repo, policy, state);
  for (const line of formatPlan(target, changes)) log(line);
  if (options.dryRun || changes.length === 0) {
    if (options.dryRun && changes.length > 0) log('dry run: nothing was changed');
    return { changes, applied: 0 };
  }
  let applied = 0;
  for (const change of changes) {
    try {
      await api.call(change.method, change.path, change.body);
    } catch (error) {
      // Every change needs the same permission, so a token without it fails on the first write,
      // before anything is changed: say which permission.
      if (isRefusal(error) && applied === 0)
        throw new PermissionError(
          `${(error as Error).message}\nGitHub refused the first change (${change.title}): the token ` +
            `cannot administer ${target}; configure-repo needs ${NEEDED}. Nothing was changed`,
          403,
        );
      throw new PartialApplyError(applied, changes.length, error as Error);
    }
    applied++;
    log(`  done: ${change.title}`);
  }
  log(`applied ${applied} change${applied === 1 ? '' : 's'} to ${target}`);
  return { changes, applied };
}
