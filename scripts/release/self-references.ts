// This repository's references to itself (`shipline/shipline/actions/<name>@REF`,
// `shipline/shipline/.github/workflows/<file>@REF`) in the reusable workflows and the templates:
// finding them, pinning them to a release tag, and telling a development tree from a release tree.
import fs from 'node:fs';
import path from 'node:path';

export const OWN_REPOSITORY = 'shipline/shipline';
/** The floating major tag main's files use; a release rewrites it to the release's own tag. */
export const FLOATING_MAJOR = 'v1';

/** Where self-references live: the reusable workflows consumers call, and the templates they copy. */
export const RELEASED_DIRS = ['.github/workflows', 'workflows'] as const;

const SELF_REFERENCE =
  /\bshipline\/shipline\/(actions\/[a-z0-9-]+|\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml)@([A-Za-z0-9._/-]+)/g;

export interface SelfReference {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  /** `actions/deploy-ecs` or `.github/workflows/reusable-deploy.yml`. */
  target: string;
  ref: string;
}

export interface ReleasedFile {
  file: string;
  content: string;
}

/** The workflow files a release pins: every YAML file under RELEASED_DIRS. */
export function releasedFiles(root: string): ReleasedFile[] {
  return RELEASED_DIRS.flatMap((dir) => {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) return [];
    return fs
      .readdirSync(full)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => ({
        file: `${dir}/${name}`,
        content: fs.readFileSync(path.join(full, name), 'utf8'),
      }));
  });
}

/** Every self-reference in the files, comments included (a comment is what a reader copies). */
export function selfReferences(files: ReleasedFile[]): SelfReference[] {
  return files.flatMap(({ file, content }) =>
    content.split('\n').flatMap((text, i) =>
      [...text.matchAll(SELF_REFERENCE)].map((m) => ({
        file,
        line: i + 1,
        target: m[1]!,
        ref: m[2]!,
      })),
    ),
  );
}

/** The text with every self-reference pointed at `tag`. */
export function pinSelfReferences(content: string, tag: string): string {
  return content.replace(SELF_REFERENCE, (_, target: string) => `${OWN_REPOSITORY}/${target}@${tag}`);
}

/** Self-references that do not point at `tag`, as `file:line: target@ref` lines. */
export function floatingReferences(files: ReleasedFile[], tag: string): string[] {
  return selfReferences(files)
    .filter((r) => r.ref !== tag)
    .map((r) => `${r.file}:${r.line}: ${OWN_REPOSITORY}/${r.target}@${r.ref}`);
}

/**
 * The one ref a checkout's self-references use: FLOATING_MAJOR on a development tree, `vX.Y.Z` on
 * a release tree. Mixed refs are an error: half a release is the worst of both.
 */
export function treeRef(files: ReleasedFile[]): string {
  const refs = [...new Set(selfReferences(files).map((r) => r.ref))];
  if (refs.length !== 1)
    throw new Error(
      `self-references must all use one ref (${FLOATING_MAJOR} on main, the release tag in a release); found ${refs.join(', ') || 'none'}`,
    );
  return refs[0]!;
}
