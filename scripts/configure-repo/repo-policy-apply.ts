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

/**
 * Thrown when a write fails part-way. `applied` is counted from the settings read back after the
 * failure (a write GitHub applied but answered 500 counts), and `missing` lists what is still not
 * in place, so the person running it knows which protections the repository lacks right now.
 */
export class PartialApplyError extends Error {
  constructor(
    readonly applied: number,
    readonly total: number,
    readonly failure: Error,
    /** Titles of the changes still needed; undefined when the settings could not be read back. */
    readonly missing: string[] | undefined,
  ) {
    const counted =
      missing === undefined
        ? `at least ${applied} of ${total} changes were applied (the settings could not be read back to check the failed one)`
        : `${applied} of ${total} changes were applied (checked by reading the settings back)`;
    const list =
      missing === undefined
        ? ''
        : `\nStill missing (${missing.length}):\n${missing.map((title) => `  ${title}`).join('\n')}`;
    const production = missing?.some((title) => title.includes('environment "production"'))
      ? '\nThe production environment does not have all its protections yet: until a run succeeds, ' +
        'a deploy to it is not held as the policy says.'
      : '';
    super(
      `${failure.message}\n${counted}; configure-repo stopped early.${list}${production}\n` +
        'Fix the cause and run configure-repo again: it plans only what is still missing',
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
      throw await partialApply(options, changes, applied, error as Error);
    }
    applied++;
    log(`  done: ${change.title}`);
  }
  log(`applied ${applied} change${applied === 1 ? '' : 's'} to ${target}`);
  return { changes, applied };
}

/**
 * After a failed write, what GitHub holds decides what was applied: a write can be applied and
 * still answer 500 or time out. The plan made from the state read back lists what is missing.
 */
async function partialApply(
  options: ConfigureOptions,
  changes: Change[],
  attempted: number,
  failure: Error,
): Promise<PartialApplyError> {
  const { api, owner, repo, policy } = options;
  let remaining: Change[];
  try {
    remaining = planChanges(owner, repo, policy, await readState(api, owner, repo, policy));
  } catch {
    return new PartialApplyError(attempted, changes.length, failure, undefined);
  }
  const open = new Set(remaining.map((c) => c.key));
  const applied = changes.filter((c) => !open.has(c.key)).length;
  return new PartialApplyError(
    applied,
    changes.length,
    failure,
    remaining.map((c) => c.title),
  );
}
