// What an installed application repository still needs outside its files: repository variables
// and secrets its workflows read, the AWS roles (with the OIDC subject each must trust) and the
// deployment environments. install-pipeline prints it last; doctor checks against it.
import { shiplineCalls, type WorkflowFile } from './app-workflows.js';
import { environmentsOf, namedSettings, type NamedSetting } from './workflow-settings.js';

export interface TaskDefinitionRoles {
  file: string;
  executionRoleArn?: string;
  taskRoleArn?: string;
}

export interface Checklist {
  variables: NamedSetting[];
  secrets: NamedSetting[];
  roles: string[];
  environments: string[];
}

/** The OIDC subjects a role must trust, from the input that receives it. */
function roleLine(setting: NamedSetting, app: string, environments: Map<string, string>): string | undefined {
  if (setting.inputs.includes('aws-build-role-arn'))
    return `${setting.name}: the build role (ECR push only), trusting repo:${app}:ref:refs/heads/develop, …/main and …/hotfix/*`;
  if (setting.inputs.includes('aws-role-arn')) {
    const env = environments.get(setting.name);
    return `${setting.name}: the deploy role${env ? ` for ${env}` : ''}, trusting only repo:${app}:environment:${env ?? '<environment>'}`;
  }
  return undefined;
}

export function checklist(
  workflows: WorkflowFile[],
  shiplineRoot: string,
  taskDefinitions: TaskDefinitionRoles[],
  app = 'OWNER/REPO',
): Checklist {
  const calls = shiplineCalls(workflows);
  const settings = namedSettings(calls, shiplineRoot);
  // Which environment each deploy-role variable serves, from the call that passes it.
  const environmentOfRole = new Map<string, string>();
  for (const call of calls)
    for (const m of String(call.with['aws-role-arn'] ?? '').matchAll(/\bvars\.([A-Za-z0-9_]+)/g))
      if (typeof call.with.environment === 'string') environmentOfRole.set(m[1]!, call.with.environment);
  const roles = settings
    .map((s) => roleLine(s, app, environmentOfRole))
    .filter((l): l is string => l !== undefined);
  for (const td of taskDefinitions) {
    if (td.executionRoleArn) roles.push(`${td.executionRoleArn}: task execution role (${td.file})`);
    if (td.taskRoleArn) roles.push(`${td.taskRoleArn}: task role (${td.file})`);
  }
  return {
    variables: settings.filter((s) => s.kind === 'variable'),
    secrets: settings.filter((s) => s.kind === 'secret'),
    roles,
    environments: environmentsOf(calls),
  };
}

/** The checklist as the lines install-pipeline prints; `appDir` as the user typed it. */
export function checklistLines(list: Checklist, appDir: string, app: string, appAbsolute = appDir): string[] {
  const setting = (s: NamedSetting) =>
    `    - ${s.name}${s.required ? '' : ' (optional)'}: ${s.inputs.join(', ')}`;
  return [
    'still to set:',
    '  repository variables (Settings → Secrets and variables → Actions → Variables):',
    ...list.variables.map(setting),
    '  repository secrets (same page, Secrets):',
    ...list.secrets.map(setting),
    '  AWS roles (an OIDC provider for token.actions.githubusercontent.com, audience sts.amazonaws.com):',
    ...list.roles.map((r) => `    - ${r}`),
    `  environments: ${list.environments.join(', ')} — reviewers in .github/repository-policy.yml, then`,
    // configure-repo reads --policy from the workspace, not the caller's folder: give it the full path.
    `    ./dev configure-repo --repo ${app} --policy ${appAbsolute}/.github/repository-policy.yml`,
    `then check it offline: ./dev doctor --app ${appDir}`,
  ];
}
