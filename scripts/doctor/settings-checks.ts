// Variables and secrets against what the workflows need: every required input of a called
// workflow receives something, and, given the repository's settings (exported with gh), every
// required variable is set and holds the kind of value its input takes.
import fs from 'node:fs';
import type { ShiplineCall } from './app-workflows.js';
import { finding, REGION, ROLE_ARN, ROLE_ARN_EXAMPLE, type Finding } from './findings.js';
import { calledInterface, namedSettings } from './workflow-settings.js';

/**
 * `gh variable list --json name,value` / `gh secret list --json name` output, or `NAME=value`
 * (or bare `NAME`) lines. Secrets' values are never read: only their names matter.
 */
export function readSettingsFile(file: string): Map<string, string> {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (text.startsWith('[')) {
    const rows = JSON.parse(text) as { name?: string; value?: string }[];
    return new Map(rows.filter((r) => r.name).map((r) => [r.name!, r.value ?? '']));
  }
  return new Map(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => {
        const i = l.indexOf('=');
        return i < 0 ? [l, ''] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
      }),
  );
}

/** What a value fed to an input must look like: a problem and a good example, or nothing. */
function valueProblem(input: string, value: string): [string, string] | undefined {
  if (/^aws-(build-)?role-arn$/.test(input) && !ROLE_ARN.test(value))
    return ['not a role ARN', ROLE_ARN_EXAMPLE];
  if (input === 'aws-region' && !REGION.test(value)) return ['not an AWS region', 'eu-west-1'];
  if (input === 'smoke-url' && !/^https?:\/\/[^\s/]+/.test(value))
    return ['not an http(s) URL', 'https://staging.shop.example.com'];
  if (input === 'image' && /:[^/]*$|@sha256:/.test(value.replace(/^[^/]*\//, '')))
    return [
      'a tag or digest, not a repository: the pipeline tags by commit',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop',
    ];
  return undefined;
}

export function settingsFindings(
  calls: ShiplineCall[],
  shiplineRoot: string,
  variables?: Map<string, string>,
  secrets?: Map<string, string>,
): Finding[] {
  const out: Finding[] = [];
  for (const call of calls) {
    const declared = calledInterface(shiplineRoot, call.workflow);
    for (const [input, spec] of Object.entries(declared.inputs))
      if ((spec as { required?: boolean }).required && !(input in call.with))
        out.push(
          finding(
            'error',
            `${call.file} ${call.job}`,
            `${call.workflow} needs input ${input}, which the call does not pass`,
            `add with: ${input}: …`,
          ),
        );
  }
  const settings = namedSettings(calls, shiplineRoot);
  for (const s of settings.filter((x) => x.kind === 'variable')) {
    if (!variables) continue;
    const value = variables.get(s.name);
    if (value === undefined || value === '') {
      if (s.required)
        out.push(
          finding(
            'error',
            'variables',
            `${s.name} is not set (${s.usedBy.join('; ')})`,
            'gh variable set ' + s.name,
          ),
        );
      continue;
    }
    for (const input of s.inputs) {
      const problem = valueProblem(input, value);
      if (problem)
        out.push(
          finding(
            'error',
            'variables',
            `${s.name}='${value}' is ${problem[0]} (feeds ${input})`,
            `e.g. ${problem[1]}`,
          ),
        );
    }
  }
  if (secrets) {
    for (const s of settings.filter((x) => x.kind === 'secret' && x.required && !secrets.has(x.name)))
      out.push(
        finding(
          'error',
          'secrets',
          `${s.name} is not set (${s.usedBy.join('; ')})`,
          `gh secret set ${s.name}`,
        ),
      );
    const slack = settings.filter(
      (s) => s.kind === 'secret' && /^SLACK_(WEBHOOK_URL|BOT_TOKEN)$/.test(s.name),
    );
    if (slack.length > 0 && !slack.some((s) => secrets.has(s.name)))
      out.push(
        finding(
          'note',
          'secrets',
          'neither SLACK_WEBHOOK_URL nor SLACK_BOT_TOKEN is set: deploys will not be announced',
        ),
      );
    if (calls.some((c) => c.with.pagerduty === true) && !secrets.has('PAGERDUTY_ROUTING_KEY'))
      out.push(
        finding(
          'warning',
          'secrets',
          'pagerduty: true but PAGERDUTY_ROUTING_KEY is not set: nobody is paged when production is left down',
          'gh secret set PAGERDUTY_ROUTING_KEY',
        ),
      );
  }
  return out;
}
