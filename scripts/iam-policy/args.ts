// `./dev iam-policy` flags: each checked before anything is printed; a bad one is refused naming
// the flag and a good value. Scopes come from the flags, else from --task-definition, else from the
// skeletons' naming (<family>-task, /ecs/<family>), else `*` in that ARN part, with a note.
import { parseArgs } from 'node:util';
import { fromCaller } from '../lib/caller-cwd.js';
import { ROLES, type Role } from './aws-calls.js';
import { FLAGS_OF, RULES, repositoryName, roleName, type Flag } from './flag-rules.js';
import type { PolicyScope } from './policy-types.js';
import { taskDefinitionScope, type TaskDefinitionScope } from './task-definition-scope.js';
import type { TrustOptions } from './trust.js';

export class IamArgsError extends Error {}

export interface IamRequest {
  role: Role;
  scope: PolicyScope;
  trust: TrustOptions;
  document: 'both' | 'permissions' | 'trust';
  /** What was left to `*` or taken from a convention, for stderr. */
  notes: string[];
}

function refuse(flag: string, problem: string, example: string): never {
  throw new IamArgsError(`--${flag} ${problem} (e.g. --${flag} ${example})`);
}

function parse(argv: string[]): Record<string, string | undefined> {
  const options = Object.fromEntries(
    [...Object.keys(RULES), 'role', 'document'].map((k) => [k, { type: 'string' as const }]),
  );
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new IamArgsError(
      `${(error as Error).message}; see docs/iam.md (e.g. --role deploy --account 123456789012)`,
    );
  }
}

export function parseIamArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): IamRequest {
  const values = parse(argv);
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
  const takes = (flag: Flag) => FLAGS_OF[role].includes(flag);

  const read = (flag: Flag): string[] | undefined => {
    const raw = values[flag] ?? (flag === 'region' ? env.AWS_REGION : undefined);
    if (raw === undefined) return undefined;
    if (!takes(flag))
      refuse(
        flag,
        `does not apply to --role ${role} (its flags: ${FLAGS_OF[role].map((f) => `--${f}`).join(' ')})`,
        RULES[flag].example,
      );
    const items = (RULES[flag].list ? raw.split(',') : [raw]).map((v) => v.trim());
    const cleaned = items.map((v) =>
      flag === 'ecr-repository' ? repositoryName(v) : flag === 'pass-roles' ? roleName(v) : v,
    );
    for (const item of cleaned)
      if (!RULES[flag].pattern.test(item)) refuse(flag, `'${item}' is not valid`, RULES[flag].example);
    return cleaned;
  };
  const need = (flag: Flag, why: string) =>
    read(flag) ?? refuse(flag, `is required ${why}`, RULES[flag].example);

  const account = need('account', 'to write ARNs')[0]!;
  const region = need('region', '(or AWS_REGION)')[0]!;
  const repo =
    role === 'task-execution'
      ? ''
      : need('repo', 'for the OIDC trust policy (the repository whose workflows assume the role)')[0]!;
  const environment =
    role === 'deploy' || role === 'run-task'
      ? need(
          'environment',
          `for --role ${role}: the job runs in that GitHub environment, which the trust policy names`,
        )[0]
      : undefined;
  const file = read('task-definition')?.[0];
  let fromFile: Partial<TaskDefinitionScope> = {};
  if (file !== undefined) {
    try {
      fromFile = taskDefinitionScope(fromCaller(file, env));
    } catch (error) {
      refuse(
        'task-definition',
        `cannot be used: ${(error as Error).message}`,
        RULES['task-definition'].example,
      );
    }
  }

  const notes: string[] = [];
  /** The flag, else the task definition's value, else `fallback` (said in a note). */
  const scoped = (flag: Flag, fileValue: string[] | undefined, fallback: string[], why: string): string[] => {
    const given = read(flag) ?? (fileValue && fileValue.length > 0 ? fileValue : undefined);
    if (given) return given;
    if (takes(flag) && fallback.length > 0) notes.push(`no --${flag}: ${fallback.join(', ')} ${why}`);
    return fallback;
  };
  const narrow = (flag: Flag) => `(pass --${flag} ${RULES[flag].example} to narrow it)`;

  const services = scoped('services', undefined, ['*'], narrow('services'));
  const families = scoped(
    'families',
    fromFile.families,
    role === 'deploy' && services[0] !== '*' ? services : ['*'],
    services[0] !== '*' && role === 'deploy' ? '(the service names)' : narrow('families'),
  );
  const named = families.filter((f) => f !== '*');
  const scope: PolicyScope = {
    partition: region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws',
    account,
    region,
    cluster: scoped('cluster', undefined, ['*'], narrow('cluster'))[0]!,
    services,
    families,
    ecrRepositories: scoped('ecr-repository', fromFile.ecrRepositories, ['*'], narrow('ecr-repository')),
    passRoles: scoped(
      'pass-roles',
      fromFile.passRoles,
      named.length > 0 ? named.flatMap((f) => [`${f}-task`, `${f}-execution`]) : ['*'],
      "(the skeletons' <family>-task, <family>-execution)",
    ),
    logGroups: scoped(
      'log-groups',
      fromFile.logGroups,
      families.map((f) => `/ecs/${f}`),
      "(the skeletons' awslogs-group /ecs/<family>)",
    ),
    secrets: scoped('secrets', fromFile.secrets, [], ''),
    ssmParameters: scoped('ssm-parameters', fromFile.ssmParameters, [], ''),
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
