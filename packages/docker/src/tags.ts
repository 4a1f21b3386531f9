// Tag templates: each line of the `tags` input is a literal tag or a template with {{sha}},
// {{sha-short}}, {{branch}}, {{semver}} or {{date}}, resolved against the run's git context; the
// default list, which holds no moving tag.
import { describeRef, semverOf, type GitContext } from './git-ref.js';
import { TAG_PATTERN } from './image-ref.js';

export const TAG_VARIABLES = ['sha', 'sha-short', 'branch', 'semver', 'date'] as const;
type Variable = (typeof TAG_VARIABLES)[number];

/**
 * The default `tags`: only tags that never point at another image once pushed (a commit's sha, a
 * release's version), so the default works on an ECR repository with tag immutability and a re-run
 * of the same commit moves nothing.
 */
export const DEFAULT_TAGS: readonly string[] = ['{{sha}}', '{{semver}}'];

/** `latest` is added only on the default branch; this spelling adds it on any ref. */
export const FORCED_LATEST = 'latest!';

export interface ResolvedTags {
  /** Deduplicated, in the order of the lines. */
  tags: string[];
  /** The first tag made from {{sha}} or {{sha-short}}: what skip-existing looks for. */
  immutable?: string;
  /** Lines that produced no tag on this ref, with the reason (for the log). */
  skipped: string[];
}

/** A tags line that can never produce a valid tag; problem + example, like an input error. */
export class TagTemplateError extends Error {
  constructor(
    readonly problem: string,
    readonly example: string,
  ) {
    super(problem);
    this.name = 'TagTemplateError';
  }
}

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const TAG_HINT = "letters, digits, '_', '.' and '-', up to 128 characters, not starting with '.' or '-'";

/** Makes any text a valid tag: runs of other characters become '-', leading '.'/'-' go. */
export function sanitizeTag(text: string): string | undefined {
  const tag = text
    .replace(/[^\w.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128)
    .replace(/-+$/, '');
  return tag === '' ? undefined : tag;
}

type Values = Record<Variable, string | { missing: string }>;

function variables(git: GitContext): Values {
  const ref = describeRef(git.ref);
  const semver = ref.kind === 'tag' ? semverOf(ref.name) : undefined;
  const branchTag = ref.kind === 'branch' ? sanitizeTag(ref.name) : undefined;
  return {
    sha: git.sha,
    'sha-short': git.sha.slice(0, 7),
    branch:
      ref.kind === 'pull'
        ? `pr-${ref.number}`
        : (branchTag ?? { missing: `${git.ref || 'the ref'} is not a branch or pull request` }),
    semver: semver
      ? (sanitizeTag(semver) as string)
      : { missing: `${git.ref || 'the ref'} is not a semver tag` },
    date: git.now.toISOString().slice(0, 10).replace(/-/g, ''),
  };
}

function latestAllowed(git: GitContext): string | undefined {
  const ref = describeRef(git.ref);
  if (git.defaultBranch === undefined) {
    return `the default branch is unknown (the event has no repository.default_branch); write ${FORCED_LATEST} to add it anyway`;
  }
  if (ref.kind !== 'branch' || ref.name !== git.defaultBranch) {
    return `${git.ref || 'the ref'} is not the default branch ${git.defaultBranch}; write ${FORCED_LATEST} to add it anyway`;
  }
  return undefined;
}

/** Resolves every line; throws TagTemplateError for lines that are wrong on any ref. */
export function resolveTags(lines: readonly string[], git: GitContext): ResolvedTags {
  const values = variables(git);
  const tags: string[] = [];
  const skipped: string[] = [];
  let immutable: string | undefined;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `line ${index + 1} ${JSON.stringify(line)}`;
    if (line === FORCED_LATEST) return tags.push('latest');
    const used = [...line.matchAll(TOKEN)].map((m) => m[1] as string);
    const unknown = used.find((name) => !(TAG_VARIABLES as readonly string[]).includes(name));
    if (unknown !== undefined) {
      const known = TAG_VARIABLES.map((v) => `{{${v}}}`).join(', ');
      throw new TagTemplateError(`${where} uses {{${unknown}}}, which is not one of ${known}`, '{{sha}}');
    }
    const skeleton = line.replace(TOKEN, 'x');
    if (skeleton.includes('{') || skeleton.includes('}')) {
      throw new TagTemplateError(`${where} has an unbalanced {{ or }}`, '{{branch}}-{{sha-short}}');
    }
    if (!TAG_PATTERN.test(skeleton)) {
      throw new TagTemplateError(`${where} is not a valid tag: use ${TAG_HINT}`, 'v1.2.3 or {{sha}}');
    }
    if (used.some((name) => name === 'sha' || name === 'sha-short') && !/^[0-9a-f]{40}$/.test(git.sha)) {
      throw new TagTemplateError(
        `${where} needs the commit sha, but GITHUB_SHA is ${JSON.stringify(git.sha)}`,
        'run inside GitHub Actions, where GITHUB_SHA is set',
      );
    }
    if (line === 'latest') {
      const why = latestAllowed(git);
      return why ? skipped.push(`latest: ${why}`) : tags.push('latest');
    }
    const missing = used.map((name) => values[name as Variable]).find((v) => typeof v !== 'string');
    if (missing) return skipped.push(`${line}: ${(missing as { missing: string }).missing}`);
    const tag = line.replace(TOKEN, (_, name: string) => values[name as Variable] as string).slice(0, 128);
    if (!TAG_PATTERN.test(tag))
      throw new TagTemplateError(`${where} gives ${JSON.stringify(tag)}`, '{{sha}}');
    if (immutable === undefined && used.some((n) => n === 'sha' || n === 'sha-short')) immutable = tag;
    tags.push(tag);
  });
  const unique = [...new Set(tags)];
  if (unique.length === 0) {
    const why = skipped.length > 0 ? `: ${skipped.join('; ')}` : '';
    throw new TagTemplateError(`gives no tag on ${git.ref || 'this ref'}${why}`, '{{sha}}');
  }
  return { tags: unique, ...(immutable === undefined ? {} : { immutable }), skipped };
}
