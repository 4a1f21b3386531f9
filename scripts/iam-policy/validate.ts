// Checks a policy document as IAM reads it: Version 2012-10-17, a Statement array whose elements have
// the IAM grammar's shapes, and every action named in the service's action list kept in
// service-actions.json (from the Service Authorization Reference). Returns the problems found.
import fs from 'node:fs';

interface ServiceActions {
  services: Record<string, { reference: string; actions: string[] }>;
}
const DATA = JSON.parse(
  fs.readFileSync(new URL('./service-actions.json', import.meta.url), 'utf8'),
) as ServiceActions;
export const SERVICE_ACTIONS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(DATA.services).map(([prefix, s]) => [prefix, new Set(s.actions)]),
);

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const OPERATORS =
  /^(ForAllValues:|ForAnyValue:)?(String(Not)?Equals(IgnoreCase)?|String(Not)?Like|Numeric(Not)?Equals|Numeric(LessThan|GreaterThan)(Equals)?|Date(Not)?Equals|Date(LessThan|GreaterThan)(Equals)?|Bool|BinaryEquals|IpAddress|NotIpAddress|Arn(Not)?(Equals|Like))(IfExists)?$|^Null$/;
const ARN = /^arn:aws(-cn|-us-gov)?:[a-z0-9-]+:[a-z0-9-*]*:(\d{12}|\*)?:.+$/;

const isStringOrList = (v: unknown) =>
  typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'));
const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : [v as string]);

/** `ecs:UpdateService` → a problem when the service or the action is unknown (wildcards match a prefix). */
export function checkAction(action: string): string | undefined {
  const match = /^([a-z0-9-]+):([A-Za-z0-9*?]+)$/.exec(action);
  if (!match) return `'${action}' is not service:Action`;
  const [, prefix, name] = match as unknown as [string, string, string];
  const known = SERVICE_ACTIONS.get(prefix);
  if (!known) return `'${action}': no action list kept for the service ${prefix}`;
  const pattern = new RegExp(`^${name.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  if (![...known].some((a) => pattern.test(a)))
    return `'${action}' is not an action of ${prefix} (scripts/iam-policy/service-actions.json)`;
  return undefined;
}

export function validatePolicy(doc: unknown, kind: 'identity' | 'trust'): string[] {
  const problems: string[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return ['the policy is not a JSON object'];
  const { Version, Statement, ...rest } = doc as Record<string, unknown>;
  if (Version !== '2012-10-17') problems.push(`Version is ${JSON.stringify(Version)}, not "2012-10-17"`);
  for (const key of Object.keys(rest)) if (key !== 'Id') problems.push(`unknown top-level key ${key}`);
  if (!Array.isArray(Statement) || Statement.length === 0)
    return [...problems, 'Statement is not a non-empty array'];
  const sids = new Set<string>();
  Statement.forEach((s: Record<string, unknown>, i) => {
    const at = `Statement[${i}]`;
    if (typeof s !== 'object' || s === null) return problems.push(`${at} is not an object`);
    for (const key of Object.keys(s))
      if (!STATEMENT_KEYS.has(key)) problems.push(`${at}: unknown key ${key}`);
    if (s.Sid !== undefined) {
      if (typeof s.Sid !== 'string' || !/^[A-Za-z0-9]+$/.test(s.Sid))
        problems.push(`${at}: Sid must be letters and digits`);
      else if (sids.has(s.Sid)) problems.push(`${at}: Sid ${s.Sid} repeated`);
      else sids.add(s.Sid);
    }
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') problems.push(`${at}: Effect must be Allow or Deny`);
    if (!isStringOrList(s.Action))
      problems.push(`${at}: Action must be a string or a non-empty list of strings`);
    else
      for (const a of list(s.Action)) {
        const p = checkAction(a);
        if (p) problems.push(`${at}: ${p}`);
      }
    if (kind === 'identity') {
      if (s.Principal !== undefined) problems.push(`${at}: an identity policy has no Principal`);
      if (!isStringOrList(s.Resource))
        problems.push(`${at}: Resource must be a string or a non-empty list of strings`);
      else
        for (const r of list(s.Resource))
          if (r !== '*' && !ARN.test(r)) problems.push(`${at}: Resource '${r}' is not an ARN or *`);
    } else {
      if (s.Resource !== undefined) problems.push(`${at}: a trust policy has no Resource`);
      const principal = s.Principal as Record<string, unknown> | undefined;
      if (
        typeof principal !== 'object' ||
        principal === null ||
        !Object.values(principal).every(isStringOrList)
      )
        problems.push(`${at}: Principal must map AWS, Service or Federated to a string or list`);
    }
    if (s.Condition !== undefined) {
      const c = s.Condition as Record<string, unknown>;
      if (typeof c !== 'object' || c === null) problems.push(`${at}: Condition must be an object`);
      else
        for (const [op, block] of Object.entries(c)) {
          if (!OPERATORS.test(op)) problems.push(`${at}: unknown condition operator ${op}`);
          if (typeof block !== 'object' || block === null || !Object.values(block).every(isStringOrList))
            problems.push(`${at}: Condition.${op} must map keys to a string or list`);
        }
    }
    return undefined;
  });
  return problems;
}
