// `./dev iam-policy` flags: each checked before anything is printed; a bad one is refused naming
// the flag and a good value. Scopes the caller leaves out become `*` in that ARN part, with a note.
import { parseArgs } from 'node:util';
import { ROLES, type Role } from './aws-calls.js';
import type { PolicyScope } from './policy-types.js';
import type { TrustOptions } from './trust.js';

export class IamArgsError extends Error {}

export interface IamRequest {
  role: Role;
  scope: PolicyScope;
  trust: TrustOptions;
  document: 'both' | 'permissions' | 'trust';
  /** What was left to `*` or to a convention, for stderr. */
  notes: string[];
}

type Flag =
  | 'environment'
  | 'repo'
  | 'account'
  | 'region'
  | 'cluster'
  | 'services'
  | 'families'
  | 'ecr-repository'
  | 'pass-roles'
  | 'log-groups'
  | 'secrets'
  | 'ssm-parameters'
  | 'branches';

const FLAGS_OF: Record<Role, Flag[]> = {
  build: ['repo', 'account', 'region', 'ecr-repository', 'branches'],
  deploy: ['environment', 'repo', 'account', 'region', 'cluster', 'services', 'families', 'pass-roles'],
  'task-execution': [
    'account',
    'region',
    'ecr-repository',
    'families',
    'log-groups',
    'secrets',
    'ssm-parameters',
  ],
  'run-task': ['environment', 'repo', 'account', 'region', 'cluster', 'families', 'pass-roles', 'log-groups'],
};

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const RULES: Record<Flag, { pattern: RegExp; example: string }> = {
  environment: { pattern: /^[A-Za-z0-9_.-]{1,255}$/, example: 'production' },
  repo: { pattern: /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/, example: 'acme/shop' },
  account: { pattern: /^\d{12}$/, example: '123456789012' },
  region: { pattern: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, example: 'eu-west-1' },
  cluster: { pattern: NAME, example: 'shop-production' },
  services: { pattern: NAME, example: 'shop-web,shop-worker' },
  families: { pattern: NAME, example: 'shop-production' },
  'ecr-repository': {
    pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    example: 'shop or 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop',
  },
  'pass-roles': { pattern: /^[\w+=,.@-]{1,64}$/, example: 'shop-production-task,shop-production-execution' },
  'log-groups': { pattern: /^[.\-_/#A-Za-z0-9]{1,512}$/, example: '/ecs/shop-production' },
  secrets: {
    pattern: /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/,
    example: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf',
  },
  'ssm-parameters': {
    pattern: /^(arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter)?\/?[\w.\-/]+$/,
    example: '/shop/production/api-key',
  },
  branches: { pattern: /^[\w.\-/*]+$/, example: 'main,develop,hotfix/*' },
};
const LISTS = new Set<Flag>([
  'services',
  'families',
  'pass-roles',
  'log-groups',
  'secrets',
  'ssm-parameters',
  'branches',
]);

function refuse(flag: string, problem: string, example: string): never {
  throw new IamArgsError(`--${flag} ${problem} (e.g. --${flag} ${example})`);
}

/** The value after the image host: `123.dkr.ecr.eu-west-1.amazonaws.com/shop` → `shop`. */
const repositoryName = (value: string) =>
  value.replace(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//, '');
const roleName = (value: string) => value.replace(/^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?/, '');

export function parseIamArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): IamRequest {
  const options = Object.fromEntries(
    [...Object.keys(RULES), 'role', 'document'].map((k) => [k, { type: 'string' as const }]),
  );
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false })
      .values as typeof values;
  } catch (error) {
    throw new IamArgsError(
      `${(error as Error).message}; see docs/iam.md (e.g. --role deploy --account 123456789012)`,
    );
  }
  const role = values.role as Role | undefined;
  if (role === undefined || !ROLES.includes(role))
    refuse(
      'role',
      role === undefined ? 'is required' : `'${role}' is not a role: use ${ROLES.join(', ')}`,
      'deploy',
    );
  const document = values.document ?? 'both';
  if (!['both', 'permissions', 'trust'].includes(document))
    refuse('document', `'${document}' is not permissions, trust or both`, 'trust');

  const read = (flag: Flag): string[] | undefined => {
    let raw = values[flag];
    if (flag === 'region') raw ??= env.AWS_REGION;
    if (raw === undefined) return undefined;
    if (!FLAGS_OF[role].includes(flag))
      refuse(
        flag,
        `does not apply to --role ${role} (its flags: ${FLAGS_OF[role].map((f) => `--${f}`).join(' ')})`,
        RULES[flag].example,
      );
    const items = LISTS.has(flag) ? raw.split(',').map((v) => v.trim()) : [raw.trim()];
    const cleaned = items.map((v) =>
      flag === 'ecr-repository' ? repositoryName(v) : flag === 'pass-roles' ? roleName(v) : v,
    );
    for (const item of cleaned)
      if (!RULES[flag].pattern.test(item)) refuse(flag, `'${item}' is not valid`, RULES[flag].example);
    return cleaned;
  };
  const need = (flag: Flag, why: string) =>
    read(flag) ?? refuse(flag, `is required ${why}`, RULES[flag].example);

  const notes: string[] = [];
  const orAny = (flag: Flag, what: string): string[] => {
    const given = read(flag);
    if (given) return given;
    if (FLAGS_OF[role].includes(flag))
      notes.push(`no --${flag}: ${what} is *; pass --${flag} ${RULES[flag].example} to narrow it`);
    return ['*'];
  };

  const account = need('account', 'to write ARNs')[0]!;
  const region = need('region', '(or AWS_REGION)')[0]!;
  const oidc = role !== 'task-execution';
  const repo = oidc
    ? need('repo', 'for the OIDC trust policy (the repository whose workflows assume the role)')[0]!
    : '';
  const environment =
    role === 'deploy' || role === 'run-task'
      ? need(
          'environment',
          `for --role ${role}: the job runs in that GitHub environment, which the trust policy names`,
        )[0]
      : undefined;

  const services = orAny('services', 'the service name');
  let families = read('families');
  if (!families && role === 'deploy' && services[0] !== '*') {
    families = services;
    notes.push('no --families: the task-definition families are taken to be the service names');
  }
  families ??= orAny('families', 'the task-definition family');
  const concrete = families.filter((f) => f !== '*');
  const passRoles =
    read('pass-roles') ??
    (concrete.length > 0 ? concrete.flatMap((f) => [`${f}-task`, `${f}-execution`]) : ['*']);
  if (!values['pass-roles'] && FLAGS_OF[role].includes('pass-roles'))
    notes.push(
      `no --pass-roles: iam:PassRole on ${passRoles.join(', ')} (the skeletons' <family>-task and <family>-execution)`,
    );
  const logGroups = read('log-groups') ?? families.map((f) => `/ecs/${f}`);
  if (!values['log-groups'] && FLAGS_OF[role].includes('log-groups'))
    notes.push(`no --log-groups: ${logGroups.join(', ')} (the skeletons' awslogs-group /ecs/<family>)`);

  const scope: PolicyScope = {
    partition: region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws',
    account,
    region,
    cluster: orAny('cluster', 'the cluster name')[0]!,
    services,
    families,
    ecrRepository: orAny('ecr-repository', 'the ECR repository name')[0]!,
    passRoles,
    logGroups,
    secrets: read('secrets') ?? [],
    ssmParameters: read('ssm-parameters') ?? [],
  };
  const branches = read('branches') ?? ['main', 'develop', 'hotfix/*'];
  return {
    role,
    scope,
    trust: { repo, environment, branches },
    document: document as IamRequest['document'],
    notes,
  };
}
