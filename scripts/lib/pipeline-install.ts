// install-pipeline: writes the CI/CD templates into an application repository with Shipline's
// repository and release filled in, plus task-definition skeletons per environment and the
// repository policy. Checks every target first and writes nothing when one exists (unless force).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './actions.js';
import { ENVIRONMENTS, scaling, taskDefinition } from './pipeline-task-definitions.js';

export class InstallError extends Error {
  override name = 'InstallError';
}

export interface InstallOptions {
  /** `owner/name` of the repository that holds Shipline (where `uses:` points). */
  shipline: string;
  /** The application repository's checkout (absolute). */
  into: string;
  /** Release of Shipline to call: a tag like v1 / v1.4.2, or a 40-hex commit SHA. */
  ref: string;
  /** The release a SHA ref is (`v1.4.2`), written as `# v1.4.2` after it for Dependabot. */
  refComment?: string;
  force: boolean;
  /** Task-definition family prefix and log group name. */
  app: string;
  /** Where `app` came from, for the summary: `--app`, `git remote` or `folder name`. */
  appSource?: string;
  /** `owner/name` of the application, from its git remote, when known. */
  appRepository?: string;
  accountId: string;
  region: string;
}

export interface PlannedFile {
  /** Path inside the consumer repository. */
  path: string;
  content: string;
}

export const TEMPLATES = ['ci.yml', 'cd.yml', 'hotfix.yml', 'rollback.yml'] as const;
export const POLICY_SOURCE = 'workflows/repository-policy.yml';
export const ACCOUNT_PLACEHOLDER = '<AWS_ACCOUNT_ID>';
export const REGION_PLACEHOLDER = '<AWS_REGION>';

/**
 * Points the templates' `shipline/shipline/.github/workflows/<file>@<ref>` (and rollback.yml's
 * `shipline/shipline/actions/<name>@<ref>` steps) at shipline@ref, with
 * `# <refComment>` after a `uses:` line when given (the release a SHA is, which Dependabot updates).
 */
export function fillTemplate(
  text: string,
  options: Pick<InstallOptions, 'shipline' | 'ref' | 'refComment'>,
): string {
  // Any ref: main's templates say @v1, a release's say its own tag (scripts/release).
  const reference =
    /\bshipline\/shipline\/(\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml|actions\/[a-z0-9-]+)@[A-Za-z0-9._/-]+/g;
  // Checked on the template, not the result: installing as shipline/shipline itself is fine.
  if (/shipline\/shipline\//.test(text.replace(reference, '').replace(/^\s*#.*$/gm, '')))
    throw new InstallError(
      'a template references shipline/shipline in a form install-pipeline does not rewrite',
    );
  return text
    .split('\n')
    .map((line) => {
      const filled = line.replace(reference, `${options.shipline}/$1@${options.ref}`);
      const isUses = filled !== line && /^\s*uses:\s*\S+\s*$/.test(filled);
      return isUses && options.refComment ? `${filled} # ${options.refComment}` : filled;
    })
    .join('\n');
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every file to write, with its content; reads the templates from `source` (this checkout). */
export function planInstall(options: InstallOptions, source = repoRoot): PlannedFile[] {
  const read = (rel: string) => {
    const file = path.join(source, rel);
    if (!fs.existsSync(file))
      throw new InstallError(`${rel} is missing from ${source}: this Shipline checkout is incomplete`);
    return fs.readFileSync(file, 'utf8');
  };
  return [
    ...TEMPLATES.map((name) => ({
      path: `.github/workflows/${name}`,
      content: fillTemplate(read(`workflows/${name}`), options),
    })),
    ...ENVIRONMENTS.map((env) => ({
      path: `.github/task-definitions/${env}.json`,
      content: json(taskDefinition(env, options)),
    })),
    { path: '.github/task-definitions/scaling.json', content: json(scaling()) },
    { path: '.github/repository-policy.yml', content: read(POLICY_SOURCE) },
  ];
}

/** Checks every target, then writes them all; refuses (writing nothing) when one exists, unless force. */
export function installPipeline(options: InstallOptions, source = repoRoot): PlannedFile[] {
  const files = planInstall(options, source);
  const targets = files.map((f) => path.join(options.into, f.path));
  const folders = targets.filter((t) => fs.existsSync(t) && !fs.statSync(t).isFile());
  if (folders.length > 0) throw new InstallError(`these paths are folders, not files: ${folders.join(', ')}`);
  const existing = files.filter((_, i) => fs.existsSync(targets[i]!)).map((f) => f.path);
  if (existing.length > 0 && !options.force)
    throw new InstallError(
      `refusing to overwrite ${existing.join(', ')} (nothing was written); pass --force to replace them`,
    );
  files.forEach((file, i) => {
    fs.mkdirSync(path.dirname(targets[i]!), { recursive: true });
    fs.writeFileSync(targets[i]!, file.content);
  });
  return files;
}
