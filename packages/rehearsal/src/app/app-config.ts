// An application repository's rehearsal config, `.github/rehearsal.yml`: its owner/name, the
// repository variables as set on GitHub (name → value) and the names of its secrets. Read and
// checked before anything starts; every refusal names the file, the field and a good value.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const CONFIG_FILE = '.github/rehearsal.yml';

export interface AppConfig {
  /** `acme/shop`: what github.repository says in the rehearsed runs. */
  repository: string;
  variables: Record<string, string>;
  /** Secret names only: their values never leave GitHub, the rehearsal stands in its own. */
  secrets: string[];
  /**
   * The path the load balancer's target group checks (infrastructure code sets it, not the task
   * definition); default the task definition's health check path.
   */
  targetHealthCheckPath?: string;
  /**
   * The team's own IAM policy documents (JSON files in the app repository), each keyed by the role it
   * belongs to: the variable holding the role's ARN (`STAGING_AWS_ROLE_ARN`) or the role's name.
   */
  iam?: Record<string, string>;
}

export class AppConfigError extends Error {}

const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EXAMPLE = `repository: acme/shop
variables:
  AWS_REGION: eu-west-1
secrets:
  - SLACK_WEBHOOK_URL`;

export function readAppConfig(appDir: string): AppConfig {
  const file = path.join(appDir, CONFIG_FILE);
  const fail = (problem: string): never => {
    throw new AppConfigError(`${CONFIG_FILE}: ${problem}, e.g.\n${EXAMPLE}`);
  };
  if (!fs.existsSync(file))
    fail('missing: the rehearsal reads the repository, its variables and its secret names from it');
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return fail(`not YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const config = (raw ?? {}) as Record<string, unknown>;
  if (typeof config.repository !== 'string' || !REPOSITORY.test(config.repository))
    fail(`repository must be the owner/name of the application's repository`);
  const variables = config.variables ?? {};
  if (typeof variables !== 'object' || Array.isArray(variables))
    fail('variables must map each variable name to its value');
  for (const [name, value] of Object.entries(variables as Record<string, unknown>)) {
    if (!NAME.test(name)) fail(`variables: '${name}' is not a variable name`);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      fail(`variables.${name} must be a plain value (text), not ${JSON.stringify(value)}`);
  }
  const secrets = config.secrets ?? [];
  if (!Array.isArray(secrets) || !secrets.every((s) => typeof s === 'string' && NAME.test(s)))
    fail('secrets must be a list of secret names (their values stay on GitHub)');
  const lb = (config.loadBalancer ?? {}) as Record<string, unknown>;
  if (
    lb.healthCheckPath !== undefined &&
    (typeof lb.healthCheckPath !== 'string' || !lb.healthCheckPath.startsWith('/'))
  )
    fail('loadBalancer.healthCheckPath must be the path its target group checks, starting with /');
  const iam = config.iam ?? {};
  if (typeof iam !== 'object' || Array.isArray(iam))
    fail(
      'iam must map each role (its ARN variable or name) to its policy file, e.g. STAGING_AWS_ROLE_ARN: iam/deploy-staging.json',
    );
  for (const [key, file] of Object.entries(iam as Record<string, unknown>))
    if (typeof file !== 'string' || !file.endsWith('.json'))
      fail(
        `iam.${key} must be the path of the role's policy JSON in the repository, e.g. iam/deploy-staging.json`,
      );
  return {
    ...(config.iam ? { iam: iam as Record<string, string> } : {}),
    ...(typeof lb.healthCheckPath === 'string' ? { targetHealthCheckPath: lb.healthCheckPath } : {}),
    repository: config.repository as string,
    variables: Object.fromEntries(
      Object.entries(variables as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    ),
    secrets: secrets as string[],
  };
}
