// A team's own policy for one role, checked before `./dev rehearse --app` plays a story: IAM's grammar
// and action names (validate.ts), then every call the role's jobs make (aws-calls.ts), on the ARNs
// of the app's scope, put to the emulator's IAM evaluator. One finding per refusal.
import { evaluateIamPolicy, type IamPolicy } from '@shipline/ecs-emulator';
import type { AppFinding, TeamPolicyCheck } from '@shipline/rehearsal';
import { AWS_CALLS } from './aws-calls.js';
import { roleScope } from './rehearsal-policies.js';
import { conditionBlock, scopeArns } from './scope-arns.js';
import { validatePolicy } from './validate.js';

const first = (v: string | string[]) => (Array.isArray(v) ? v[0]! : v);

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
  const scope = roleScope(role, check);
  const findings: AppFinding[] = [];
  for (const call of AWS_CALLS.filter((c) => c.role === role.kind && !c.only)) {
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
