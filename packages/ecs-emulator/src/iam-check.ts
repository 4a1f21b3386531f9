// The emulator's optional IAM check (EmulatorOptions.iam, `--iam-policy FILE`): each ECS, ECR, Logs and
// CloudWatch request is authorised against one identity policy before it is handled, as AWS would for the
// role that sent it; set-up traffic can pass unchecked by its access key.
import fs from 'node:fs';
import type { ArnContext } from './arns.js';
import type { ApiError } from './errors.js';
import { accessDenied, evaluate, type IamPolicy } from './iam-evaluate.js';
import { authorizationRequests, type AuthorizationLookup } from './iam-requests.js';
import type { Json } from './model.js';

export type { IamPolicy, IamStatement } from './iam-evaluate.js';

export interface IamCheckOptions {
  /** The policy of every request whose access key has no role below; without it those pass unchecked. */
  policy?: IamPolicy;
  /** The caller denials name. Default `arn:aws:sts::<account>:assumed-role/shipline-emulator/emulator`. */
  principal?: string;
  /** By access key id: the role a caller with that key has assumed (the rehearsal gives each job its own). */
  roles?: Record<string, { policy: IamPolicy; principal?: string }>;
  /** Access key ids whose requests are not checked (a test's or rehearsal's own set-up). */
  exemptAccessKeys?: string[];
}

/** The access key id of a SigV4 `Authorization` header (`Credential=AKID/date/region/service/...`). */
export function accessKeyOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

/** The first call of the request the policy does not allow, as AccessDeniedException; else undefined. */
export function checkRequest(
  check: IamCheckOptions,
  arn: ArnContext,
  request: {
    service: 'ecs' | 'ecr' | 'logs' | 'cloudwatch';
    operation: string;
    body: Json;
    accessKey?: string;
  },
  lookup?: AuthorizationLookup,
): ApiError | undefined {
  const key = request.accessKey;
  if (key !== undefined && check.exemptAccessKeys?.includes(key)) return undefined;
  const role =
    key !== undefined && check.roles && Object.hasOwn(check.roles, key) ? check.roles[key] : undefined;
  const policy = role?.policy ?? check.policy;
  if (!policy) return undefined;
  const principal =
    role?.principal ??
    check.principal ??
    `arn:aws:sts::${arn.accountId}:assumed-role/shipline-emulator/emulator`;
  for (const wanted of authorizationRequests(request.service, request.operation, request.body, arn, lookup)) {
    const decision = evaluate(policy, wanted);
    if (decision !== 'allowed') return accessDenied(principal, wanted, decision);
  }
  return undefined;
}

/** A policy file: an IAM policy document, or `./dev iam-policy` output (its PermissionsPolicy). */
export function readIamPolicyFile(file: string): IamPolicy {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { PermissionsPolicy?: IamPolicy } & IamPolicy;
  const policy = parsed.PermissionsPolicy ?? parsed;
  if (!policy || (typeof policy.Statement !== 'object' && !Array.isArray(policy.Statement)))
    throw new Error(`${file}: not an IAM policy (no Statement)`);
  return policy;
}
