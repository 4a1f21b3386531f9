// docs/migration.md: every upstream input it maps is in its table, every Shipline input or output
// it names exists in that action's action.yml, and every example step passes only declared inputs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../scripts/lib/actions.js';

const page = fs.readFileSync(path.join(repoRoot, 'docs/migration.md'), 'utf8');
const sections = page.split(/^## /m).slice(1);

/** The inputs and outputs an action declares. */
function declared(action: string): Set<string> {
  const manifest = parseYaml(
    fs.readFileSync(path.join(repoRoot, 'actions', action, 'action.yml'), 'utf8'),
  ) as { inputs?: object; outputs?: object };
  return new Set([...Object.keys(manifest.inputs ?? {}), ...Object.keys(manifest.outputs ?? {})]);
}

/** Upstream inputs as their action.yml files declare them (the versions the page was written from). */
const UPSTREAM: Record<string, string[]> = {
  'deploy-ecs': [
    'task-definition',
    'task-definition-arn',
    'container-name',
    'image',
    'environment-variables',
    'log-configuration-log-driver',
    'docker-labels',
    'command',
    'task-role-arn',
    'execution-role-arn',
    'env-files',
    'secrets',
    'service',
    'cluster',
    'wait-for-service-stability',
    'wait-for-minutes',
    'force-new-deployment',
    'desired-count',
    'codedeploy-appspec',
  ],
  'build-and-push': [
    'images',
    'tags',
    'flavor',
    'labels',
    'annotations',
    'sep-tags',
    'context',
    'file',
    'push',
    'build-args',
    'secrets',
    'target',
    'platforms',
    'cache-from',
    'cache-to',
    'load',
    'provenance',
    'sbom',
  ],
  'notify-slack': [
    'webhook',
    'webhook-type',
    'method',
    'token',
    'payload',
    'payload-file-path',
    'payload-templated',
    'payload-delimiter',
    'errors',
    'retries',
    'api',
    'proxy',
  ],
  'approve-gate': [
    'secret',
    'approvers',
    'minimum-approvals',
    'issue-title',
    'issue-body',
    'exclude-workflow-initiator-as-approver',
    'additional-approved-words',
    'additional-denied-words',
  ],
};

/** Values, not input names, that the Shipline column may put in backticks. */
const VALUES = new Set([
  'default',
  'true',
  'false',
  'ecr',
  'generic',
  'gha',
  'registry',
  'local',
  'none',
  'latest',
  'custom',
  'environment',
  'github.token',
  'status',
]);

function sectionFor(action: string): string {
  const found = sections.find((s) => new RegExp(`→ ${action}\\n`).test(s));
  if (!found) throw new Error(`no section for ${action}`);
  return found;
}

const rows = (section: string) =>
  section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !/^\| -/.test(l))
    .map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '')));

describe('docs/migration.md', () => {
  it.each(Object.keys(UPSTREAM))('%s: every upstream input is mapped, input by input', (action) => {
    const left = rows(sectionFor(action))
      .map((r) => r[0]!)
      .join('\n');
    for (const input of UPSTREAM[action]!)
      expect({ input, mapped: left.includes(`\`${input}`) || left.includes(`${input}\``) }).toEqual({
        input,
        mapped: true,
      });
  });

  it.each(Object.keys(UPSTREAM))(
    '%s: every name in the Shipline column is declared by its action.yml',
    (action) => {
      const names = declared(action);
      for (const [, right = ''] of rows(sectionFor(action)).slice(1)) {
        const first = /`([a-z][a-z0-9-]*)`/.exec(right)?.[1];
        if (first === undefined || VALUES.has(first)) continue;
        expect({ name: first, declared: names.has(first) }).toEqual({ name: first, declared: true });
      }
    },
  );

  it('example steps pass only inputs the Shipline action declares, and link the upstream README', () => {
    const steps = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap(
      (m) => (parseYaml(m[1]!) as { uses?: string; with?: object }[] | null) ?? [],
    );
    const ours = steps.filter((s) => s.uses?.startsWith('shipline/shipline/actions/'));
    expect(ours.length).toBe(2);
    for (const step of ours) {
      const action = /actions\/([a-z-]+)@/.exec(step.uses!)![1]!;
      for (const key of Object.keys(step.with ?? {}))
        expect({ action, key, declared: declared(action).has(key) }).toEqual({ action, key, declared: true });
    }
    for (const repo of [
      'aws-actions/amazon-ecs-render-task-definition',
      'aws-actions/amazon-ecs-deploy-task-definition',
      'docker/build-push-action',
      'docker/metadata-action',
      'slackapi/slack-github-action',
      'trstringer/manual-approval',
    ])
      expect(page).toContain(`https://github.com/${repo}#readme`);
  });
});
