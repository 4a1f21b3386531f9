// What a git ref and the workflow run say about the code being built: branch, tag, pull request.
import fs from 'node:fs';

export interface GitContext {
  /** GITHUB_REF, e.g. refs/heads/main, refs/tags/v1.2.3, refs/pull/42/merge. */
  ref: string;
  /** GITHUB_SHA: 40 hex characters (empty when unknown). */
  sha: string;
  /** The repository's default branch, from the event payload; undefined when unknown. */
  defaultBranch?: string;
  /** `https://github.com/owner/repo`, for the source label; undefined when unknown. */
  repositoryUrl?: string;
  /** Build time: {{date}} and the created label. */
  now: Date;
}

export type RefKind =
  | { kind: 'branch'; name: string }
  | { kind: 'tag'; name: string }
  | { kind: 'pull'; number: string }
  | { kind: 'other'; name: string };

export function describeRef(ref: string): RefKind {
  if (ref.startsWith('refs/heads/')) return { kind: 'branch', name: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/')) return { kind: 'tag', name: ref.slice('refs/tags/'.length) };
  const pull = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(ref);
  if (pull) return { kind: 'pull', number: pull[1] as string };
  return { kind: 'other', name: ref };
}

/** The version of a semver tag name: `v1.2.3-rc.1` → `1.2.3-rc.1`; undefined for anything else. */
export function semverOf(tagName: string): string | undefined {
  const match =
    /^v?((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/.exec(
      tagName,
    );
  return match?.[1];
}

/**
 * Reads the run's git context the way the runner provides it: GITHUB_REF, GITHUB_SHA and the
 * event payload (repository.default_branch) at GITHUB_EVENT_PATH. SOURCE_DATE_EPOCH, when set,
 * fixes the build time (reproducible labels and {{date}}).
 */
export function gitContextFromEnv(env: NodeJS.ProcessEnv = process.env, now = new Date()): GitContext {
  let defaultBranch: string | undefined;
  if (env.GITHUB_EVENT_PATH && fs.existsSync(env.GITHUB_EVENT_PATH)) {
    try {
      const event = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
        repository?: { default_branch?: unknown };
      };
      const branch = event.repository?.default_branch;
      if (typeof branch === 'string' && branch !== '') defaultBranch = branch;
    } catch {
      // An unreadable payload only means the default branch is unknown.
    }
  }
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  const repositoryUrl =
    env.GITHUB_REPOSITORY && `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`;
  return {
    ref: env.GITHUB_REF ?? '',
    sha: (env.GITHUB_SHA ?? '').toLowerCase(),
    ...(defaultBranch === undefined ? {} : { defaultBranch }),
    ...(repositoryUrl ? { repositoryUrl } : {}),
    now: env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : now,
  };
}
