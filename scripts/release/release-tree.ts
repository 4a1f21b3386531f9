// A checkout made into a release (self-references pinned to the release tag) and a release checked
// (no floating self-reference, notes in CHANGELOG.md): what `./dev release-prepare` and
// `./dev release-check` do, as functions of a root folder.
import fs from 'node:fs';
import path from 'node:path';
import { releaseNotes } from './changelog.js';
import {
  floatingReferences,
  pinSelfReferences,
  releasedFiles,
  selfReferences,
  treeRef,
} from './self-references.js';
import { parseReleaseVersion, type ReleaseVersion } from './version.js';

export class ReleaseError extends Error {
  override name = 'ReleaseError';
}

function readChangelog(root: string): string {
  const file = path.join(root, 'CHANGELOG.md');
  if (!fs.existsSync(file)) throw new ReleaseError(`CHANGELOG.md is missing from ${root}`);
  return fs.readFileSync(file, 'utf8');
}

function attempt<T>(what: () => T): T {
  try {
    return what();
  } catch (error) {
    throw error instanceof ReleaseError ? error : new ReleaseError((error as Error).message);
  }
}

export interface PreparedRelease {
  release: ReleaseVersion;
  /** Files rewritten, each with how many references it pinned. */
  changed: { file: string; references: number }[];
  notes: string;
}

/**
 * Rewrites every self-reference of the released files from the floating major to the release tag,
 * in place. Refuses a version whose major is not the one main floats on, or a tree already pinned
 * to another release; a tree pinned to this release is left as it is.
 */
export function prepareRelease(root: string, version: string): PreparedRelease {
  const release = attempt(() => parseReleaseVersion(version));
  const files = releasedFiles(root);
  const current = attempt(() => treeRef(files));
  if (current !== release.tag && current !== release.major)
    throw new ReleaseError(
      /^v\d+$/.test(current)
        ? `${release.tag} is major ${release.major}, but the workflows float on ${current}: a new major first moves main's self-references to ${release.major}`
        : `this tree is already pinned to ${current}; prepare ${release.tag} from main (floating ${release.major})`,
    );
  const notes = attempt(() => releaseNotes(readChangelog(root), release.version));
  const changed: PreparedRelease['changed'] = [];
  for (const { file, content } of files) {
    const pinned = pinSelfReferences(content, release.tag);
    if (pinned === content) continue;
    fs.writeFileSync(path.join(root, file), pinned);
    changed.push({
      file,
      references: selfReferences([{ file, content }]).filter((r) => r.ref !== release.tag).length,
    });
  }
  return { release, changed, notes };
}

/** What the release workflow checks on the tagged tree; returns the release notes. */
export function checkRelease(root: string, tag: string): string {
  const release = attempt(() => parseReleaseVersion(tag));
  if (tag !== release.tag) throw new ReleaseError(`release tags are written ${release.tag}, not '${tag}'`);
  const floating = floatingReferences(releasedFiles(root), release.tag);
  if (floating.length > 0)
    throw new ReleaseError(
      `${floating.length} self-reference(s) do not point at ${release.tag}; run \`./dev release-prepare ${release.version}\` and tag its commit:\n  ${floating.join('\n  ')}`,
    );
  return attempt(() => releaseNotes(readChangelog(root), release.version));
}
