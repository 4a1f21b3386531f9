// An identity-based IAM policy evaluated as AWS does for one principal: an explicit Deny wins, then
// an Allow whose Action, Resource and Condition all match; nothing else is allowed. Denials are
// worded as AWS words them, with the action and the resource.
import { ApiError } from './errors.js';
import type { AuthorizationRequest } from './iam-requests.js';

type Values = string | string[];
export interface IamStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: Values;
  NotAction?: Values;
  Resource?: Values;
  NotResource?: Values;
  Condition?: Record<string, Record<string, Values>>;
}
export interface IamPolicy {
  Version?: string;
  Statement: IamStatement | IamStatement[];
}

const list = (v: Values | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** IAM's wildcards: `*` any run of characters, `?` one character. */
function glob(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function conditionHolds(
  operator: string,
  key: string,
  wanted: string[],
  context: Record<string, string>,
): boolean {
  const ifExists = operator.endsWith('IfExists');
  const op = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  const actual = context[key];
  if (op === 'Null') return (actual === undefined) === wanted.includes('true');
  if (actual === undefined) return ifExists;
  const any = (test: (w: string) => boolean) => wanted.some(test);
  switch (op) {
    case 'StringEquals':
      return any((w) => w === actual);
    case 'StringNotEquals':
      return !any((w) => w === actual);
    case 'StringEqualsIgnoreCase':
      return any((w) => w.toLowerCase() === actual.toLowerCase());
    case 'StringLike':
    case 'ArnLike':
    case 'ArnEquals':
      return any((w) => glob(w, actual));
    case 'StringNotLike':
    case 'ArnNotLike':
    case 'ArnNotEquals':
      return !any((w) => glob(w, actual));
    case 'Bool':
      return any((w) => w === actual);
    default:
      return false; // an operator this check does not know never grants
  }
}

function matches(statement: IamStatement, request: AuthorizationRequest): boolean {
  const action = statement.Action
    ? list(statement.Action).some((a) => glob(a, request.action, true))
    : !list(statement.NotAction).some((a) => glob(a, request.action, true));
  if (!action) return false;
  const resource = statement.Resource
    ? list(statement.Resource).some((r) => glob(r, request.resource))
    : !list(statement.NotResource).some((r) => glob(r, request.resource));
  if (!resource) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, block]) =>
    Object.entries(block).every(([key, wanted]) =>
      conditionHolds(operator, key, list(wanted), request.context),
    ),
  );
}

export type Decision = 'allowed' | 'implicit-deny' | 'explicit-deny';

export function evaluate(policy: IamPolicy, request: AuthorizationRequest): Decision {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const applying = statements.filter((s) => matches(s, request));
  if (applying.some((s) => s.Effect === 'Deny')) return 'explicit-deny';
  return applying.some((s) => s.Effect === 'Allow') ? 'allowed' : 'implicit-deny';
}

/** AccessDeniedException as ECS and ECR send it (HTTP 400). */
export function accessDenied(principal: string, request: AuthorizationRequest, decision: Decision): ApiError {
  const because =
    decision === 'explicit-deny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${request.action} action`;
  return new ApiError(
    'AccessDeniedException',
    `User: ${principal} is not authorized to perform: ${request.action} on resource: ${request.resource} ${because}`,
  );
}
