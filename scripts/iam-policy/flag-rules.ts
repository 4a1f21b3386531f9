// The flags of `./dev iam-policy`: which roles take each, what a good value looks like (the
// example every refusal ends with), and which take comma-separated lists.
import type { Role } from './aws-calls.js';

export type Flag =
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
  | 'branches'
  | 'task-definition';

export const FLAGS_OF: Record<Role, Flag[]> = {
  build: ['repo', 'account', 'region', 'ecr-repository', 'branches'],
  deploy: [
    'environment',
    'repo',
    'account',
    'region',
    'cluster',
    'services',
    'families',
    'pass-roles',
    'log-groups',
    'task-definition',
  ],
  'task-execution': [
    'account',
    'region',
    'ecr-repository',
    'families',
    'log-groups',
    'secrets',
    'ssm-parameters',
    'task-definition',
  ],
  'run-task': [
    'environment',
    'repo',
    'account',
    'region',
    'cluster',
    'families',
    'pass-roles',
    'log-groups',
    'task-definition',
  ],
};

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
export const RULES: Record<Flag, { pattern: RegExp; example: string; list?: true }> = {
  environment: { pattern: /^[A-Za-z0-9_.-]{1,255}$/, example: 'production' },
  repo: { pattern: /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/, example: 'acme/shop' },
  account: { pattern: /^\d{12}$/, example: '123456789012' },
  region: { pattern: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, example: 'eu-west-1' },
  cluster: { pattern: NAME, example: 'shop-production' },
  services: { pattern: NAME, example: 'shop-web,shop-worker', list: true },
  families: { pattern: NAME, example: 'shop-production', list: true },
  'ecr-repository': {
    pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    example: 'shop or 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop',
    list: true,
  },
  'pass-roles': {
    pattern: /^[\w+=,.@-]{1,64}$/,
    example: 'shop-production-task,shop-production-execution',
    list: true,
  },
  'log-groups': { pattern: /^[.\-_/#A-Za-z0-9]{1,512}$/, example: '/ecs/shop-production', list: true },
  secrets: {
    pattern: /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/,
    example: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf',
    list: true,
  },
  'ssm-parameters': {
    pattern: /^(arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter)?\/?[\w.\-/]+$/,
    example: '/shop/production/api-key',
    list: true,
  },
  branches: { pattern: /^[\w.\-/*]+$/, example: 'main,develop,hotfix/*', list: true },
  'task-definition': { pattern: /\.json$/, example: '.aws/task-definition-production.json' },
};

/** `./dev iam-policy --help`: each role with the flags it takes, each flag with a good value. */
export function usage(): string {
  const roles = Object.entries(FLAGS_OF).map(
    ([role, flags]) => `  --role ${role.padEnd(15)} ${flags.map((f) => `--${f}`).join(' ')}`,
  );
  const flags = Object.entries(RULES).map(([flag, rule]) => `  --${flag.padEnd(16)} e.g. ${rule.example}`);
  return [
    'usage: ./dev iam-policy --role ROLE --account ID --region R [flags] [--document permissions|trust]',
    '',
    "Prints the role's least-privilege IAM policy and its trust policy as JSON (docs/iam.md).",
    '',
    'Roles and the flags each takes:',
    ...roles,
    '',
    'Flags (lists are comma-separated; a scope left out is * in the ARN, said on stderr):',
    ...flags,
  ].join('\n');
}

/** The value after the image host: `123.dkr.ecr.eu-west-1.amazonaws.com/shop` → `shop`. */
export const repositoryName = (value: string) =>
  value.replace(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//, '');
export const roleName = (value: string) => value.replace(/^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?/, '');
