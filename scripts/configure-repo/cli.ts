// The configure-repo command (pnpm configure-repo --repo owner/name): applies .github/repository-policy.yml (protected branches as
// rulesets, deployment environments with reviewers and branch policies) through the GitHub REST API.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ApiError, apiUrlProblem, GitHubApi } from './github-settings.js';
import { configureRepo, PartialApplyError } from './repo-policy-apply.js';
import { parsePolicy, PolicyError, PolicyErrors } from './repo-policy.js';

export const USAGE = `usage: pnpm configure-repo --repo owner/name [--policy .github/repository-policy.yml] [--dry-run] [--api-url https://api.github.com]

Makes the repository's rulesets and environments match the policy file: prints the plan, then applies
it. --dry-run prints the plan and changes nothing. A second run plans no changes.
The production environment is written first, then the other environments, then the rulesets: a run
that stops part-way re-reads the settings and lists the protections still missing.
--api-url must be https; plain http only on loopback (127.0.0.0/8, ::1, localhost), for a stand-in.
The token comes from GITHUB_TOKEN or GH_TOKEN; it needs admin rights on the repository
(fine-grained or GitHub App: "Administration: read and write", plus the organisation's
"Members: read" when a policy names team reviewers; classic: the repo scope and the admin role).
Exit codes: 0 done, 1 GitHub refused or failed, 2 bad usage or a bad policy file.`;

class UsageError extends Error {}

const REPO = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/;

/** Runs the command; returns the exit code. Output goes through `out` and `err` (never the token). */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = (line) => console.log(line),
  err: (line: string) => void = (line) => console.error(line),
): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        repo: { type: 'string' },
        policy: { type: 'string', default: '.github/repository-policy.yml' },
        'dry-run': { type: 'boolean', default: false },
        'api-url': { type: 'string', default: env.GITHUB_API_URL || 'https://api.github.com' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      out(USAGE);
      return 0;
    }
    const match = REPO.exec(values.repo ?? '');
    if (!match)
      throw new UsageError(
        `--repo ${values.repo === undefined ? 'is missing' : `"${values.repo}" is not owner/name`}; e.g. --repo my-org/my-service`,
      );
    const urlProblem = apiUrlProblem(values['api-url']);
    if (urlProblem)
      throw new UsageError(
        `--api-url "${values['api-url'].replace(/\/\/[^/@\s]*@/, '//***@')}" ${urlProblem}; e.g. --api-url https://api.github.com`,
      );
    const token = env.GITHUB_TOKEN || env.GH_TOKEN;
    if (!token)
      throw new UsageError(
        'no token: set GITHUB_TOKEN or GH_TOKEN to a token with admin rights on the repository',
      );
    if (!fs.existsSync(values.policy))
      throw new UsageError(
        `--policy ${values.policy} does not exist; copy workflows/repository-policy.yml there or pass --policy <file>`,
      );
    const policy = parsePolicy(fs.readFileSync(values.policy, 'utf8'), values.policy);
    const api = new GitHubApi({
      token,
      apiUrl: values['api-url'],
      onRetry: (line) => err(`retrying: ${line}`),
    });
    await configureRepo({
      api,
      owner: match[1]!,
      repo: match[2]!,
      policy,
      dryRun: values['dry-run'],
      log: out,
    });
    return 0;
  } catch (error) {
    if (error instanceof PolicyErrors || error instanceof PolicyError) {
      err(`configure-repo: the policy file has problems, nothing was changed:\n${error.message}`);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`configure-repo: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ApiError || error instanceof PartialApplyError) {
      err(`configure-repo: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
