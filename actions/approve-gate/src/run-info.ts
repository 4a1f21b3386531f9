// What the approval is about, read from the run's own context: repository, run, commit, who started it.
import type { context as githubContext } from '@actions/github';
import type { Repo } from './github-types.js';

/** What the approval is about, from the run's own context (no API call). */
export interface RunInfo {
  repo: Repo;
  serverUrl: string;
  runId: number;
  runAttempt: number;
  /** The step's id (github.action): tells two gates in one job apart. */
  step: string;
  sha: string;
  ref: string;
  actor: string;
  /** Lowercase logins who started this run (the actor and, on a re-run, whoever re-ran it). */
  initiators: string[];
  compareUrl: string | undefined;
}

type Context = typeof githubContext;

export function runInfoFrom(context: Context, env: NodeJS.ProcessEnv = process.env): RunInfo {
  const { owner, repo } = context.repo;
  const serverUrl = context.serverUrl.replace(/\/$/, '');
  const payload = context.payload as { compare?: string; before?: string; after?: string };
  const zero = /^0+$/;
  const compareUrl =
    payload.compare ??
    (payload.before && payload.after && !zero.test(payload.before)
      ? `${serverUrl}/${owner}/${repo}/compare/${payload.before}...${payload.after}`
      : undefined);
  const initiators = [context.actor, env.GITHUB_TRIGGERING_ACTOR]
    .filter((l): l is string => !!l)
    .map((l) => l.toLowerCase());
  return {
    repo: { owner, repo },
    serverUrl,
    runId: context.runId,
    runAttempt: context.runAttempt,
    step: context.action,
    sha: context.sha,
    ref: context.ref,
    actor: context.actor,
    initiators: [...new Set(initiators)],
    compareUrl,
  };
}

export function runUrl(run: RunInfo): string {
  const attempt = run.runAttempt > 1 ? `/attempts/${run.runAttempt}` : '';
  return `${run.serverUrl}/${run.repo.owner}/${run.repo.repo}/actions/runs/${run.runId}${attempt}`;
}
