// The repository's workflow policy as code. policyViolations() returns one line per breach, naming
// the file, the job (and step) and the rule, so a test can assert an empty list and a deliberately
// bad workflow can show each rule firing. Job permissions are judged in workflow-permissions.ts.
import { parse as parseYaml } from 'yaml';
import { isMap, OWN_REPOSITORY, type SourceFile, type YamlMap as Map } from './workflow-files.js';
import { jobPermissionFindings, type Scopes } from './workflow-permissions.js';
import { PINS } from './workflow-pins.js';

const SHA = /^[0-9a-f]{40}$/;
const VERSION_COMMENT = /^v\d+(\.\d+){0,2}$/;
const DEPLOYING_ACTIONS = /\/actions\/(deploy-ecs|rollback)(@|$)|^\.\/actions\/(deploy-ecs|rollback)\/?$/;
/** Expressions that carry text an outsider controls (or any caller input) into a shell. */
const UNTRUSTED_IN_RUN = /github\.event\b|\binputs\.|github\.head_ref|\bhead_ref\b/;

function stepsOf(job: Map): Map[] {
  return Array.isArray(job.steps) ? job.steps.filter(isMap) : [];
}

function usesOf(job: Map): string[] {
  return stepsOf(job)
    .map((s) => s.uses)
    .filter((u): u is string => typeof u === 'string');
}

/** The `on:` events of a workflow as a list of names. */
export function eventNames(workflow: Map): string[] {
  const on = workflow.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return isMap(on) ? Object.keys(on) : [];
}

function permissionFindings(where: string, permissions: unknown, job?: Map): string[] {
  if (permissions === undefined)
    return [`${where}: no explicit permissions (write \`permissions: {}\` or the scopes it needs)`];
  if (typeof permissions === 'string')
    return [`${where}: permissions '${permissions}' is not least privilege; list the scopes`];
  if (!isMap(permissions)) return [`${where}: permissions must be a mapping of scopes`];
  if (job) return jobPermissionFindings(where, permissions as Scopes, job);
  return Object.entries(permissions)
    .filter(([, level]) => level === 'write')
    .map(
      ([scope]) =>
        `${where}: workflow-level '${scope}: write' reaches every job; grant it on the job that needs it`,
    );
}

/** The `uses:` value and the comment after it, line by line, as written in the file. */
function usesLines(content: string): { line: number; uses: string; comment: string }[] {
  return content.split('\n').flatMap((text, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*['"]?([^\s'"#]+)['"]?\s*(?:#\s*(.*))?$/.exec(text);
    return m ? [{ line: i + 1, uses: m[1]!, comment: (m[2] ?? '').trim() }] : [];
  });
}

function pinFindings(file: SourceFile): string[] {
  const findings: string[] = [];
  for (const { line, uses, comment } of usesLines(file.content)) {
    const where = `${file.path}:${line}`;
    if (uses.startsWith('./')) continue;
    const [target, ref = ''] = uses.split('@');
    const owner = target!.split('/').slice(0, 2).join('/').toLowerCase();
    if (owner === OWN_REPOSITORY) continue; // first party: released together with these workflows
    if (uses.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(uses)) findings.push(`${where}: ${uses} is not pinned to a digest`);
      continue;
    }
    if (!SHA.test(ref)) {
      findings.push(`${where}: ${uses} is not pinned to a 40-hex commit SHA`);
      continue;
    }
    if (!VERSION_COMMENT.test(comment))
      findings.push(`${where}: ${uses} has no '# vX.Y.Z' comment naming the release`);
    const pin = PINS[owner];
    if (!pin)
      findings.push(`${where}: ${owner} is not in the verified pin table (test/support/workflow-pins.ts)`);
    else if (pin.sha !== ref || pin.version !== comment)
      findings.push(
        `${where}: ${owner}@${ref} # ${comment} differs from the verified pin ${pin.sha} # ${pin.version}`,
      );
  }
  return findings;
}

function deployJobFindings(where: string, job: Map): string[] {
  if (!usesOf(job).some((u) => DEPLOYING_ACTIONS.test(u))) return [];
  const findings: string[] = [];
  const environment = isMap(job.environment) ? job.environment.name : job.environment;
  if (typeof environment !== 'string' || environment === '')
    findings.push(
      `${where}: a deploy job needs \`environment:\` so the environment's protection rules apply`,
    );
  const concurrency = job.concurrency;
  if (!isMap(concurrency) || typeof concurrency.group !== 'string')
    findings.push(`${where}: a deploy job needs \`concurrency: { group, cancel-in-progress: false }\``);
  else {
    if (
      typeof environment === 'string' &&
      !concurrency.group.includes(environment.replace(/^\$\{\{\s*|\s*\}\}$/g, ''))
    )
      findings.push(`${where}: the concurrency group must be per environment (include ${environment})`);
    if (concurrency['cancel-in-progress'] !== false)
      findings.push(
        `${where}: a deploy must never be cancelled by the next one: set cancel-in-progress: false`,
      );
  }
  if (typeof job['timeout-minutes'] !== 'number')
    findings.push(`${where}: a deploy job needs timeout-minutes`);
  return findings;
}

function stepFindings(where: string, job: Map): string[] {
  const findings: string[] = [];
  for (const [i, step] of stepsOf(job).entries()) {
    const at = `${where} step ${typeof step.id === 'string' ? step.id : i + 1}`;
    if (typeof step.run === 'string') {
      for (const m of step.run.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
        if (UNTRUSTED_IN_RUN.test(m[1]!))
          findings.push(`${at}: \${{${m[1]}}} is expanded inside run:; pass it through env: and use "$VAR"`);
      }
    }
    if (typeof step.uses === 'string' && step.uses.startsWith('actions/checkout@')) {
      const value = isMap(step.with) ? step.with['persist-credentials'] : undefined;
      if (value !== false && value !== 'false')
        findings.push(`${at}: actions/checkout must set persist-credentials: false`);
    }
  }
  return findings;
}

export function policyViolations(file: SourceFile): string[] {
  const workflow = parseYaml(file.content) as unknown;
  if (!isMap(workflow)) return [`${file.path}: not a workflow mapping`];
  const findings: string[] = [];
  if (eventNames(workflow).includes('pull_request_target'))
    findings.push(`${file.path}: pull_request_target runs untrusted code with secrets; use pull_request`);
  findings.push(...permissionFindings(file.path, workflow.permissions));
  const jobs = isMap(workflow.jobs) ? workflow.jobs : {};
  for (const [id, job] of Object.entries(jobs)) {
    if (!isMap(job)) continue;
    const where = `${file.path} job ${id}`;
    findings.push(...permissionFindings(where, job.permissions, job));
    findings.push(...deployJobFindings(where, job));
    findings.push(...stepFindings(where, job));
  }
  findings.push(...pinFindings(file));
  return findings;
}
