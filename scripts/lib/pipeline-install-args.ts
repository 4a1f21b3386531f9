// install-pipeline's command line: flags that say what they are, paths resolved from where the
// command runs, the application inferred from the target's git remote, and every refusal naming the
// flag, the problem and a good value.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { releasedFiles, treeRef } from '../release/self-references.js';
import { repoRoot } from './actions.js';
import { fromCaller } from './caller-cwd.js';
import { gitRemoteRepository, releaseTagAt } from './git-remote.js';
import {
  ACCOUNT_PLACEHOLDER,
  InstallError,
  REGION_PLACEHOLDER,
  type InstallOptions,
} from './pipeline-install.js';

export const USAGE = `Usage: ./dev install-pipeline --into DIR [--shipline OWNER/REPO] [--ref REF] [options]

Writes into DIR (the application repository's checkout):
  .github/workflows/{ci,cd,hotfix}.yml       calling OWNER/REPO's reusable workflows at REF
  .github/task-definitions/{dev,staging,production}.json, scaling.json
  .github/repository-policy.yml              branch rules and environments (apply with configure-repo)
then prints what is still to set: variables, secrets, AWS roles and environments.

Options:
  --into DIR              the application repository's folder (relative to where you run the command)
  --shipline OWNER/REPO   the repository Shipline's actions and workflows come from
                          (default shipline/shipline; your fork or private copy, e.g. acme/shipline)
  --ref REF               the Shipline release to call: a tag (v1.4.0) or a 40-hex commit SHA; a SHA is
                          the pin Dependabot keeps fresh (default: this checkout's ref, v1 on main)
  --app NAME              task-definition family prefix and log group name
                          (default: the repository name of DIR's git remote, else DIR's folder name)
  --aws-account-id ID     12-digit account for the task and execution role ARNs (default: a placeholder)
  --aws-region REGION     region for the awslogs driver, e.g. eu-west-1 (default: a placeholder)
  --force                 overwrite files that exist
  --help                  this text`;

const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
const REF = /^(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/;
const APP = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Flags of earlier versions, refused with what replaced them (they were misread before). */
const RENAMED: Record<string, string> = {
  owner:
    "--owner and --repo are gone: --shipline OWNER/REPO names the repository Shipline comes from (e.g. --shipline shipline/shipline); the application is read from --into's git remote, or given with --app",
  repo: '',
  version: '--version is now --ref: a release tag or a commit SHA (e.g. --ref v1.4.0)',
};

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

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

/** Reads and validates the command line; `undefined` means --help was asked for. */
export function parseInstallArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  shiplineRoot = repoRoot,
): InstallOptions | undefined {
  for (const arg of argv) {
    const flag = /^--([a-z-]+)/.exec(arg)?.[1];
    if (flag !== undefined && flag in RENAMED) throw new InstallError(RENAMED[flag] || RENAMED.owner!);
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        into: { type: 'string' },
        shipline: { type: 'string', default: 'shipline/shipline' },
        ref: { type: 'string' },
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
  const typed = check(str('into'), 'into', /./, "the application repository's folder", '../shop');
  const into = fromCaller(typed, env);
  if (!fs.existsSync(into) || !fs.statSync(into).isDirectory())
    throw new InstallError(
      `--into '${typed}' is not an existing folder (${into}): check out the application repository first (e.g. --into ../shop)`,
    );
  const shipline = check(
    str('shipline'),
    'shipline',
    REPOSITORY,
    'OWNER/REPO of the repository that holds Shipline',
    'shipline/shipline',
  );
  const appRepository = gitRemoteRepository(into);
  if (appRepository !== undefined && appRepository.toLowerCase() === shipline.toLowerCase())
    throw new InstallError(
      `--shipline '${shipline}' is the application's own repository (the git remote of ${typed}); --shipline names where Shipline comes from (e.g. --shipline shipline/shipline)`,
    );
  const ref = check(
    str('ref') ?? treeRef(releasedFiles(shiplineRoot)),
    'ref',
    REF,
    'a release tag like v1.4.0, or a 40-hex commit SHA',
    'v1.4.0',
  );
  const appDefault = slug(appRepository?.split('/')[1] ?? path.basename(into));
  const accountId = str('aws-account-id');
  const region = str('aws-region');
  const refTag = /^[0-9a-f]{40}$/.test(ref) ? releaseTagAt(shiplineRoot, ref) : undefined;
  return {
    shipline,
    into,
    ref,
    ...(refTag === undefined ? {} : { refComment: refTag }),
    force: values.force === true,
    app: check(
      str('app') ?? appDefault,
      'app',
      APP,
      'lowercase letters, digits and hyphens, at most 64',
      'shop',
    ),
    appSource:
      str('app') !== undefined ? '--app' : appRepository !== undefined ? 'git remote' : 'folder name',
    ...(appRepository === undefined ? {} : { appRepository }),
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
