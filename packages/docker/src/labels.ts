// OCI image labels (org.opencontainers.image.*) derived from the run, merged with the user's.
import { describeRef, semverOf, type GitContext } from './git-ref.js';
import { sanitizeTag } from './tags.js';

export const OCI = 'org.opencontainers.image';

/** The version label: the semver of a tag ref, else the branch (or pr-N), else the short sha. */
export function versionOf(git: GitContext): string | undefined {
  const ref = describeRef(git.ref);
  if (ref.kind === 'tag') return semverOf(ref.name) ?? sanitizeTag(ref.name);
  if (ref.kind === 'branch') return sanitizeTag(ref.name);
  if (ref.kind === 'pull') return `pr-${ref.number}`;
  return git.sha ? git.sha.slice(0, 7) : undefined;
}

/** source, revision, created and version, each only when known. */
export function ociLabels(git: GitContext): Map<string, string> {
  const labels = new Map<string, string>();
  if (git.repositoryUrl) labels.set(`${OCI}.source`, git.repositoryUrl);
  if (git.sha) labels.set(`${OCI}.revision`, git.sha);
  labels.set(`${OCI}.created`, git.now.toISOString());
  const version = versionOf(git);
  if (version) labels.set(`${OCI}.version`, version);
  return labels;
}

/**
 * The labels the image gets: the OCI defaults, then the user's on top (a user label with the same
 * key wins, so `org.opencontainers.image.version=2.0` overrides the derived one).
 */
export function mergeLabels(defaults: Map<string, string>, user: Map<string, string> | undefined) {
  const merged = new Map(defaults);
  for (const [key, value] of user ?? []) merged.set(key, value);
  return merged;
}
