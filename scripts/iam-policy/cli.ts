// ./dev iam-policy --role build|deploy|task-execution|run-task [...]: prints the role's
// least-privilege policy and its trust policy as JSON (docs/iam.md), each validated first.
import { IamArgsError, parseIamArgs } from './args.js';
import { usage } from './flag-rules.js';
import { identityPolicy } from './policy.js';
import { trustPolicy } from './trust.js';
import { validatePolicy } from './validate.js';

try {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage());
    process.exit(0);
  }
  const request = parseIamArgs(argv);
  const permissions = identityPolicy(request.role, request.scope);
  const trust = trustPolicy(request.role, request.scope, request.trust);
  const problems = [
    ...validatePolicy(permissions, 'identity').map((p) => `permissions policy: ${p}`),
    ...validatePolicy(trust, 'trust').map((p) => `trust policy: ${p}`),
  ];
  if (problems.length > 0) {
    console.error(`iam-policy: the generated policy is not valid:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  for (const note of request.notes) console.error(`iam-policy: ${note}`);
  const out =
    request.document === 'permissions'
      ? permissions
      : request.document === 'trust'
        ? trust
        : { Role: request.role, PermissionsPolicy: permissions, TrustPolicy: trust };
  console.log(JSON.stringify(out, null, 2));
} catch (error) {
  if (!(error instanceof IamArgsError)) throw error;
  console.error(`iam-policy: ${error.message}`);
  process.exit(2);
}
