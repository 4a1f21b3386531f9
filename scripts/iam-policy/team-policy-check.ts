// A team's own policy for one role, checked before `./dev rehearse --app` plays a story: IAM's grammar
// and action names (validate.ts), then every call the role's jobs make (aws-calls.ts), on the ARNs
// of the app's scope, put to the emulator's IAM evaluator. One finding per refusal.
import fs from 'node:fs';
import { evaluateIamPolicy, type IamPolicy } from '@shipline/ecs-emulator';
import type { AppFinding, TeamPolicyCheck } from '@shipline/rehearsal';
import { AWS_CALLS, type AwsCall } from './aws-calls.js';
import type { PolicyScope } from './policy-types.js';
import { roleScope } from './rehearsal-policies.js';
import { conditionBlock, scopeArns } from './scope-arns.js';
import { taskDefinitionScope } from './task-definition-scope.js';
import { validatePolicy } from './validate.js';

const first = (v: string | string[]) => (Array.isArray(v) ? v[0]! : v);

/**
 * Whether a permission checked alongside RegisterTaskDefinition is asked for with this task
 * definition: ecs:TagResource only when the file carries tags, iam:PassRole only when it names a role
 * (the emulator asks for it on those roles at RegisterTaskDefinition and again at RunTask).
 */
function askedFor(taskDefinitionFile: string | undefined): (call: AwsCall) => boolean {
  if (!taskDefinitionFile) return () => true;
  const raw = JSON.parse(fs.readFileSync(taskDefinitionFile, 'utf8')) as Record<string, unknown>;
  const inner = (raw.taskDefinition ?? raw) as Record<string, unknown>;
  const tags = raw.tags ?? inner.tags;
  const roles = taskDefinitionScope(taskDefinitionFile).passRoles;
  return (call) =>
    call.action === 'ecs:TagResource'
      ? Array.isArray(tags) && tags.length > 0
      : call.action === 'iam:PassRole'
        ? roles.length > 0
        : true;
}

export function teamPolicyFindings(check: TeamPolicyCheck): AppFinding[] {
  const { file, role } = check;
  const problems = validatePolicy(check.document, 'identity');
  if (problems.length > 0)
    return problems.map((problem) => ({
      level: 'error',
      where: file,
      message: `the policy of ${role.name} is not valid IAM: ${problem}`,
      fix: `${file}: ${problem.replace(/^Statement\[\d+\]: /, '')} (./dev iam-policy prints a valid one)`,
    }));
  let scope: PolicyScope;
  let asked: (call: AwsCall) => boolean;
  try {
    scope = roleScope(role, check);
    asked = askedFor(role.taskDefinitionFile);
  } catch (error) {
    // The task definition's own finding (./dev doctor's) says what is wrong with it.
    const why = (error as Error).message;
    return [
      { level: 'warning', where: file, message: `not checked: its task definition cannot be read (${why})` },
    ];
  }
  const findings: AppFinding[] = [];
  for (const call of AWS_CALLS.filter((c) => c.role === role.kind && !c.only && asked(c))) {
    const block = call.condition ? conditionBlock(call.condition, scope) : {};
    const context = Object.fromEntries(
      Object.values(block).flatMap((keys) => Object.entries(keys).map(([k, v]) => [k, first(v)])),
    );
    for (const resource of scopeArns(call.scope, scope)) {
      const decision = evaluateIamPolicy(check.document as IamPolicy, {
        action: call.action,
        resource,
        context,
      });
      if (decision === 'allowed') continue;
      const on = Object.keys(context).length ? `${resource} (with ${JSON.stringify(context)})` : resource;
      findings.push({
        level: 'error',
        where: file,
        message: `${role.name} may not ${call.action} on ${on} (${decision === 'explicit-deny' ? 'an explicit Deny' : 'no statement allows it'}); its ${role.kind} jobs call it`,
        fix: `${file}: allow ${call.action} on ${resource}${Object.keys(block).length ? ` with the condition ${JSON.stringify(block)}` : ''}`,
      });
    }
  }
  return findings;
}
