// install-pipeline: writes the CI/CD templates into a consumer repository with this repository's
// owner/name and release filled in, plus task-definition skeletons per environment and the
// repository policy. Checks every target first and writes nothing when one exists (unless force).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './actions.js';
import { ENVIRONMENTS, scaling, taskDefinition } from './pipeline-task-definitions.js';

export class InstallError extends Error {
  override name = 'InstallError';
}

export interface InstallOptions {
  /** Owner and name of the repository that holds Shipline (where `uses:` points). */
  owner: string;
  repo: string;
  /** The consumer repository's checkout. */
  into: string;
  /** Release of Shipline to call: a tag like v1 / v1.4.2, or a 40-hex commit SHA. */
  version: string;
  force: boolean;
  /** Task-definition family prefix and log group name; default: the folder name of `into`. */
  app: string;
  accountId: string;
  region: string;
}

export interface PlannedFile {
  /** Path inside the consumer repository. */
  path: string;
  content: string;
}

export const TEMPLATES = ['ci.yml', 'cd.yml', 'hotfix.yml'] as const;
export const POLICY_SOURCE = 'workflows/repository-policy.yml';
export const ACCOUNT_PLACEHOLDER = '<AWS_ACCOUNT_ID>';
export const REGION_PLACEHOLDER = '<AWS_REGION>';

export const USAGE = `Usage: pnpm install-pipeline --owner OWNER --repo REPO --into DIR [options]

Writes into DIR (a consumer repository's checkout):
  .github/workflows/{ci,cd,hotfix}.yml       calling OWNER/REPO's reusable workflows at --version
  .github/task-definitions/{dev,staging,production}.json, scaling.json
  .github/repository-policy.yml              branch rules and environments (apply with configure-repo)

Options:
  --owner OWNER           owner of the repository that holds Shipline, e.g. acme
  --repo REPO             its name, e.g. shipline
  --into DIR              the consumer repository's folder (must exist)
  --version REF           Shipline release to call: v1, v1.2.3 or a 40-hex commit SHA (default v1)
  --app NAME              task-definition family prefix (default: the folder name of DIR)
  --aws-account-id ID     12-digit account for the task and execution role ARNs (default: a placeholder)
  --aws-region REGION     region for the awslogs driver, e.g. eu-west-1 (default: a placeholder)
  --force                 overwrite files that exist
  --help                  this text`;

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPO = /^(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
const VERSION = /^(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/;
const APP = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

function check(
  value: string | undefined,
  flag: string,
  pattern: RegExp,
  rule: string,
  example: string,
): string {
  if (value === undefined || value === '')
    throw new InstallError(`--${flag} is required: ${rule} (e.g. --${flag} ${example})`);
  if (!pattern.test(value))
    throw new InstallError(`--${flag} '${value}' is not valid: ${rule} (e.g. --${flag} ${example})`);
  return value;
}

/** Reads and validates the command line; `undefined` means --help was asked for. */
export function parseInstallArgs(argv: string[]): InstallOptions | undefined {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        owner: { type: 'string' },
        repo: { type: 'string' },
        into: { type: 'string' },
        version: { type: 'string', default: 'v1' },
        app: { type: 'string' },
        'aws-account-id': { type: 'string' },
        'aws-region': { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new InstallError(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return undefined;
  const str = (key: string) => values[key] as string | undefined;
  const into = check(str('into'), 'into', /./, 'the folder of the consumer repository', '../shop');
  if (!fs.existsSync(into) || !fs.statSync(into).isDirectory())
    throw new InstallError(
      `--into '${into}' is not an existing folder: check out the consumer repository first (e.g. --into ../shop)`,
    );
  const defaultApp = path
    .basename(path.resolve(into))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const accountId = str('aws-account-id');
  const region = str('aws-region');
  return {
    owner: check(str('owner'), 'owner', OWNER, 'a GitHub user or organisation name', 'acme'),
    repo: check(str('repo'), 'repo', REPO, 'a repository name (letters, digits, . _ -)', 'shipline'),
    into,
    version: check(
      str('version'),
      'version',
      VERSION,
      'a release tag like v1 or v1.2.3, or a 40-hex commit SHA',
      'v1',
    ),
    force: values.force === true,
    app: check(
      str('app') ?? defaultApp,
      'app',
      APP,
      'lowercase letters, digits and hyphens, at most 64',
      'shop',
    ),
    accountId:
      accountId === undefined
        ? ACCOUNT_PLACEHOLDER
        : check(accountId, 'aws-account-id', /^\d{12}$/, '12 digits', '123456789012'),
    region:
      region === undefined
        ? REGION_PLACEHOLDER
        : check(region, 'aws-region', /^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region', 'eu-west-1'),
  };
}

/** Points the templates' `shipline/shipline/.github/workflows/<file>@v1` at owner/repo@version. */
export function fillTemplate(
  text: string,
  options: Pick<InstallOptions, 'owner' | 'repo' | 'version'>,
): string {
  // Any ref: main's templates say @v1, a release's say its own tag (scripts/release).
  const reference = /\bshipline\/shipline\/(\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml)@[A-Za-z0-9._/-]+/g;
  const filled = text.replace(reference, `${options.owner}/${options.repo}/$1@${options.version}`);
  // Checked on the template, not the result: installing as shipline/shipline itself is fine.
  if (/shipline\/shipline\//.test(text.replace(reference, '').replace(/^\s*#.*$/gm, '')))
    throw new InstallError(
      'a template references shipline/shipline in a form install-pipeline does not rewrite',
    );
  return filled;
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
