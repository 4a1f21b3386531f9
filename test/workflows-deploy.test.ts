// What reusable-deploy.yml must keep for the pipeline (and the local rehearsal that runs it) to
// work: every step of our actions passes only inputs the action declares and all it requires, the
// deploy job's steps come in the agreed order with the agreed ids, and GitHub's rules for reusable
// workflows and OIDC hold.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { evaluateTemplate } from '@shipline/action-harness';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../scripts/lib/actions.js';
import { releasedFiles, treeRef } from '../scripts/release/self-references.js';
import { allWorkflows, OWN_REPOSITORY } from './support/workflow-files.js';

type Map = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const deployFile = allWorkflows().find((w) => w.path === '.github/workflows/reusable-deploy.yml')!;
const deploy = parseYaml(deployFile.content) as Map;
/** v1 on main, the release tag in a release (see test/release.test.ts). */
const OWN_REF = treeRef(releasedFiles(repoRoot));
const job = deploy.jobs.deploy as Map;
const reviewed = deploy.jobs['deploy-reviewed'] as Map;
const steps = job.steps as Map[];
const step = (id: string) =>
  (steps.find((s) => s.id === id) ?? (reviewed.steps as Map[]).find((s) => s.id === id)) as Map;

/** `shipline/shipline/actions/<name>@ref` or `./actions/<name>` → <name>. */
function ownAction(uses: string): string | undefined {
  const m = new RegExp(`^(?:${OWN_REPOSITORY}/actions/([a-z0-9-]+)@\\S+|\\./actions/([a-z0-9-]+)/?)$`).exec(
    uses,
  );
  return m ? (m[1] ?? m[2]) : undefined;
}

function actionInputs(name: string): Map {
  const manifest = parseYaml(
    fs.readFileSync(path.join(repoRoot, 'actions', name, 'action.yml'), 'utf8'),
  ) as Map;
  return manifest.inputs ?? {};
}

/** Every step of this repository's actions in a workflow, with the input problems it has. */
function inputProblems(content: string): string[] {
  const workflow = parseYaml(content) as Map;
  const problems: string[] = [];
  for (const [jobId, j] of Object.entries(workflow.jobs as Map)) {
    for (const s of ((j as Map).steps ?? []) as Map[]) {
      const name = typeof s.uses === 'string' ? ownAction(s.uses) : undefined;
      if (!name) continue;
      const declared = actionInputs(name);
      const given = Object.keys(s.with ?? {});
      for (const key of given)
        if (!(key in declared)) problems.push(`${jobId}/${s.id ?? s.name}: ${name} has no input '${key}'`);
      for (const [key, spec] of Object.entries(declared))
        if ((spec as Map).required === true && !given.includes(key))
          problems.push(`${jobId}/${s.id ?? s.name}: ${name} needs input '${key}'`);
    }
  }
  return problems;
}

describe('steps of our actions', () => {
  it.each(allWorkflows().map((w) => [w.path, w.content] as const))(
    '%s passes declared inputs only, and all required',
    (_, content) => {
      expect(inputProblems(content)).toEqual([]);
    },
  );

  it('a misspelt or missing input is reported', () => {
    const bad = deployFile.content
      .replace('expect-version:', 'expected-version:')
      .replace(/\n {10}service: \$\{\{ inputs\.services \}\}\n/, '\n');
    expect(inputProblems(bad)).toEqual(
      expect.arrayContaining([
        // The first smoke-test step (the test listener's) is the one misspelt.
        "deploy/smoke-green: smoke-test has no input 'expected-version'",
        "deploy/deploy: deploy-ecs needs input 'service'",
      ]),
    );
  });
});

describe('reusable-deploy.yml', () => {
  it('is a workflow_call with the agreed inputs and secrets', () => {
    const call = deploy.on.workflow_call;
    expect(Object.keys(call.inputs)).toEqual(
      expect.arrayContaining([
        'environment',
        'image',
        'cluster',
        'services',
        'task-definition',
        'smoke-url',
        'version',
        'approval',
        'slack-channel',
      ]),
    );
    expect(Object.keys(call.secrets)).toEqual([
      'SLACK_WEBHOOK_URL',
      'SLACK_BOT_TOKEN',
      'REGISTRY_USERNAME',
      'REGISTRY_PASSWORD',
      'APPROVAL_TOKEN',
      'PAGERDUTY_ROUTING_KEY',
    ]);
    expect(Object.keys(deploy.jobs)).toEqual([
      'build',
      'approve',
      'deploy',
      'deploy-reviewed',
      'notify-blocked',
    ]);
  });

  it('deploy job: started → order → notify started → migrate → deploy → smoke green (test listener) → resume (continue or roll back at the hook) → smoke → record → rollback → smoke restored → page/resolve/change → notify result, in that order', () => {
    const ids = steps.map((s) => s.id).filter(Boolean);
    expect(ids).toEqual([
      'started',
      'order',
      'notify-started',
      'migrate-network',
      'migrate',
      'deploy',
      'smoke-green',
      'resume',
      'smoke',
      'record',
      'rollback',
      'smoke-restored',
      'page',
      'resolve',
      'change',
      'notify-result',
    ]);
    // Without a migration (test/workflows-migrate.test.ts: with one), the image and APP_VERSION.
    const rendered = (input: string) =>
      evaluateTemplate(String(step('deploy').with[input]), {
        inputs: { 'container-name': 'app', version: 'v2.0.0' },
        needs: { build: { outputs: { 'image-ref': 'shop@sha256:1' } } },
        steps: { migrate: { outputs: {} } },
        github: { sha: 'abc123' },
      });
    expect([rendered('container-images'), rendered('container-env')]).toEqual([
      'app=shop@sha256:1',
      'app:APP_VERSION=v2.0.0',
    ]);
    expect(step('deploy').with).toMatchObject({
      'rollback-on-failure': true,
      'on-cancel': '${{ inputs.on-cancel }}',
    });
    expect(deploy.on.workflow_call.inputs['on-cancel']).toMatchObject({
      type: 'string',
      default: 'rollback',
    });
    // A run the order check stops deploys and smoke-tests nothing; only a passed smoke test is recorded.
    for (const id of ['deploy', 'smoke']) expect(step(id).if).toBe("steps.order.outputs.skip != 'true'");
    expect(step('notify-started').if).toMatch(/steps\.order\.outputs\.skip != 'true'$/);
    expect(step('record').if).toBe("steps.smoke.outcome == 'success'");
    expect(job.outputs.verified).toBe("${{ steps.record.outcome == 'success' }}");
    expect(deploy.on.workflow_call.inputs['container-name'].default).toBe('app');
    expect(step('smoke').with['expect-version']).toBe('${{ inputs.version || github.sha }}');
    expect(step('smoke-restored').with['expect-version']).toBeUndefined();
    // One rollback for one or several services: each returns to its own last successful revision.
    expect(step('rollback').if).toBe("failure() && steps.smoke.outcome == 'failure'");
    expect(step('rollback').uses).toBe(`${OWN_REPOSITORY}/actions/rollback@${OWN_REF}`);
    expect(step('rollback').with).toEqual({
      cluster: '${{ inputs.cluster }}',
      service: '${{ inputs.services }}',
      to: 'previous',
      timeout: '${{ inputs.deploy-timeout }}',
    });
    expect(deployFile.content).not.toMatch(/rollback-services/);
    expect(step('smoke-restored').if).toMatch(/steps\.rollback\.outcome == 'success'/);
    expect(job.outputs['rolled-back']).toMatch(/steps\.rollback\.outcome == 'success'/);
    expect(step('notify-result').if).toMatch(/^always\(\)/);
    expect(step('notify-result').with['thread-ts']).toBe('${{ steps.notify-started.outputs.ts }}');
  });

  it('least permissions per approval mode: each scope only on the job whose steps need it', () => {
    const permissions = (id: string) => (deploy.jobs[id] as Map).permissions;
    expect(permissions('approve')).toEqual({ issues: 'write' });
    expect(permissions('build')).toEqual({ contents: 'read', 'id-token': 'write', deployments: 'read' });
    expect(permissions('deploy')).toEqual({ contents: 'read', 'id-token': 'write', deployments: 'write' });
    expect(permissions('deploy-reviewed')).toEqual({
      contents: 'read',
      'id-token': 'write',
      deployments: 'write',
      actions: 'read',
    });
    expect(permissions('notify-blocked')).toEqual({});
    // Which job deploys is decided by the mode alone: exactly one of them can run.
    expect(job.if).toMatch(/inputs\.approval == 'none' \|\|/);
    expect(job.if).not.toMatch(/'environment'/);
    expect(reviewed.if).toMatch(/inputs\.approval == 'environment'$/);
    expect(deploy.jobs.approve.if).toBe("inputs.approval == 'issue'");
  });

  it('deploy-reviewed is the deploy job plus the approval record, the same steps by YAML alias', () => {
    const ids = (reviewed.steps as Map[]).map((s) => s.id ?? s.name);
    expect(ids).toEqual([
      'started',
      'order',
      'notify-started',
      'approval',
      ...steps.slice(3).map((s) => s.id ?? s.name),
    ]);
    expect((reviewed.steps as Map[]).filter((s) => s.id !== 'approval')).toEqual(steps);
    for (const key of ['name', 'environment', 'concurrency', 'timeout-minutes', 'env', 'outputs'])
      expect({ key, value: reviewed[key] }).toEqual({ key, value: job[key] });
    // Aliases, not copies: a step changed in one job cannot drift from the other.
    for (const s of steps) expect(s).toBe((reviewed.steps as Map[]).find((r) => r.name === s.name));
    expect(step('approval')).toMatchObject({ uses: `${OWN_REPOSITORY}/actions/approve-gate@${OWN_REF}` });
    expect(step('approval').if).toBeUndefined();
    expect(deploy.on.workflow_call.outputs['task-definition-arn'].value).toBe(
      '${{ jobs.deploy.outputs.task-definition-arn || jobs.deploy-reviewed.outputs.task-definition-arn }}',
    );
  });

  it('no notification can fail a deploy', () => {
    const notifies = Object.values(deploy.jobs as Map).flatMap((j) =>
      (j as Map).steps.filter((s: Map) => /notify-slack/.test(s.uses ?? '')),
    );
    expect(notifies).toHaveLength(5); // started and result in each deploy job, and notify-blocked
    for (const n of notifies) {
      expect(n['continue-on-error']).toBe(true);
      expect(n.with['fail-on-error']).toBe(false);
    }
  });

  it('build, approve and deploy jobs use actions; their shell steps expand no expression', () => {
    for (const id of ['build', 'approve', 'deploy', 'deploy-reviewed']) {
      for (const s of deploy.jobs[id].steps as Map[]) {
        if (s.run !== undefined) expect(s.run).not.toMatch(/\$\{\{/);
      }
    }
  });

  it('the deploy job records that it started in its first step, before anything can fail', () => {
    expect(steps[0]).toMatchObject({ id: 'started', run: 'echo "started=true" >> "$GITHUB_OUTPUT"' });
    expect(steps[0]!.if).toBeUndefined();
    expect(job.outputs.started).toBe('${{ steps.started.outputs.started }}');
    expect(deploy.jobs['notify-blocked'].if).toBe(
      "always() && needs.deploy.outputs.started != 'true' && needs.deploy-reviewed.outputs.started != 'true'",
    );
  });

  describe('notify-blocked says why the deploy never started', () => {
    const notify = (deploy.jobs['notify-blocked'].steps as Map[])[0]!.with as Map;
    const said = (
      build: string,
      approve: string,
      deployResult: string,
      reviewedResult = 'skipped',
      approval: Record<string, string> = {},
    ) => {
      const contexts = {
        needs: {
          build: { result: build, outputs: {} },
          approve: { result: approve, outputs: approval },
          deploy: { result: deployResult, outputs: {} },
          'deploy-reviewed': { result: reviewedResult, outputs: {} },
        },
        inputs: { environment: 'production', version: '' },
        github: { ref_name: 'hotfix/a', sha: 'a'.repeat(40) },
        secrets: {},
      };
      return {
        status: evaluateTemplate(String(notify.status), contexts),
        title: evaluateTemplate(String(notify.title), contexts),
        text: evaluateTemplate(String(notify.text), contexts),
      };
    };
    it.each([
      ['denied', /^Not deployed: the approval for production was denied on its issue\.$/],
      [
        'timed-out',
        /^Not deployed: nobody approved the deploy to production before the approval timed out\.$/,
      ],
    ])('approval issue %s: says so, headed "Not deployed to production"', (status, text) => {
      const message = said('success', 'failure', 'skipped', 'skipped', { status });
      expect(message).toMatchObject({ status: 'failure', title: 'Not deployed to production' });
      expect(message.text).toMatch(text);
    });
    it.each([
      [
        'build failed',
        ['failure', 'skipped', 'skipped'],
        'failure',
        /^Not deployed: build failure, approval skipped\.$/,
      ],
      ['approval issue denied', ['success', 'failure', 'skipped'], 'failure', /approval failure/],
      ['build cancelled', ['cancelled', 'skipped', 'skipped'], 'cancelled', /build cancelled/],
      [
        'rejected, expired or refused by the environment',
        ['success', 'skipped', 'failure'],
        'failure',
        /the production environment did not let the deploy start .*refuses hotfix\/a/,
      ],
      [
        'cancelled while waiting',
        ['success', 'skipped', 'cancelled'],
        'cancelled',
        /cancelled before the deploy to production started/,
      ],
    ] as const)('%s', (_, [build, approve, deployResult], status, text) => {
      const message = said(build, approve, deployResult);
      expect(message.status).toBe(status);
      expect(message.text).toMatch(text);
      // approval: environment: deploy-reviewed is the deploy job, deploy is skipped.
      if (approve === 'skipped') {
        const reviewedMessage = said(build, approve, 'skipped', deployResult);
        expect(reviewedMessage.status).toBe(status);
        expect(reviewedMessage.text).toMatch(text);
      }
    });
  });

  it('OIDC: the deploy role is assumed only inside the environment; the build assumes the ECR push role', () => {
    const roleOf = (id: string) =>
      ((deploy.jobs[id].steps as Map[]).find((s) => /configure-aws-credentials@/.test(s.uses ?? ''))?.with ??
        {})['role-to-assume'];
    expect(roleOf('build')).toBe('${{ inputs.aws-build-role-arn }}');
    expect(roleOf('deploy')).toBe('${{ inputs.aws-role-arn }}');
    expect(roleOf('deploy-reviewed')).toBe('${{ inputs.aws-role-arn }}');
    expect(deploy.on.workflow_call.inputs['aws-build-role-arn']).toMatchObject({ required: true });
    // Wherever inputs.aws-role-arn is read, the job runs in the environment (OIDC subject environment:<env>).
    for (const [id, j] of Object.entries(deploy.jobs as Map)) {
      if (JSON.stringify(j).includes('inputs.aws-role-arn'))
        expect({ job: id, environment: (j as Map).environment?.name }).toEqual({
          job: id,
          environment: '${{ inputs.environment }}',
        });
    }
    for (const file of allWorkflows().filter((w) => w.path.startsWith('workflows/'))) {
      for (const [id, caller] of Object.entries((parseYaml(file.content) as Map).jobs as Map)) {
        if (!/reusable-deploy\.yml@/.test((caller as Map).uses ?? '')) continue;
        expect({ at: `${file.path} ${id}`, build: (caller as Map).with['aws-build-role-arn'] }).toEqual({
          at: `${file.path} ${id}`,
          build: '${{ vars.ECR_PUSH_ROLE_ARN }}',
        });
      }
    }
  });

  it('approve-gate: both steps take APPROVAL_TOKEN (team approvers); environment mode filters no approvers', () => {
    const gates = Object.values(deploy.jobs as Map).flatMap((j) =>
      ((j as Map).steps as Map[]).filter((s) => /\/actions\/approve-gate@/.test(s.uses ?? '')),
    );
    expect(gates).toHaveLength(2);
    for (const gate of gates) expect(gate.with.token).toBe('${{ secrets.APPROVAL_TOKEN || github.token }}');
    expect(step('approval').with.mode).toBe('environment');
    expect(step('approval').with.approvers).toBeUndefined();
    for (const file of allWorkflows().filter((w) => w.path.startsWith('workflows/'))) {
      for (const [id, caller] of Object.entries((parseYaml(file.content) as Map).jobs as Map)) {
        if (!/reusable-deploy\.yml@/.test((caller as Map).uses ?? '')) continue;
        expect({ at: `${file.path} ${id}`, token: (caller as Map).secrets?.APPROVAL_TOKEN }).toEqual({
          at: `${file.path} ${id}`,
          token: '${{ secrets.APPROVAL_TOKEN }}',
        });
      }
    }
  });

  it.each(['workflows/cd.yml', 'workflows/hotfix.yml'])(
    '%s: one run per ref at a time, never cancelled, so consecutive builds do not race',
    (file) => {
      const workflow = parseYaml(allWorkflows().find((w) => w.path === file)!.content) as Map;
      expect(workflow.concurrency).toEqual({
        group: expect.stringMatching(/^[a-z]+-\$\{\{ github\.ref \}\}$/),
        'cancel-in-progress': false,
      });
    },
  );

  it('OIDC: id-token write only on the jobs that assume the AWS role, and no access keys anywhere', () => {
    const withIdToken = Object.entries(deploy.jobs as Map)
      .filter(([, j]) => (j as Map).permissions?.['id-token'] === 'write')
      .map(([id]) => id);
    expect(withIdToken).toEqual(['build', 'deploy', 'deploy-reviewed']);
    for (const file of allWorkflows()) {
      expect(file.content).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
      if (/reusable-deploy\.yml/.test(file.path)) continue;
      // Elsewhere a job holds id-token: write only to call reusable-deploy.yml, or inside an
      // environment (rollback.yml: the environment's deploy role trusts environment:<env> alone).
      for (const [id, j] of Object.entries(((parseYaml(file.content) as Map).jobs ?? {}) as Map)) {
        const job = j as Map;
        if (job.permissions?.['id-token'] !== 'write') continue;
        expect({
          at: `${file.path} ${id}`,
          ok: /\/reusable-deploy\.yml@/.test(job.uses ?? '') || job.environment?.name !== undefined,
        }).toEqual({ at: `${file.path} ${id}`, ok: true });
      }
    }
  });

  it('bake-time: 2m by default, passed to deploy-ecs; each template sets it per environment', () => {
    expect(deploy.on.workflow_call.inputs['bake-time']).toMatchObject({ type: 'string', default: '2m' });
    expect(step('deploy').with['bake-time']).toBe('${{ inputs.bake-time }}');
    const bakes: Record<string, string> = {};
    for (const file of allWorkflows().filter((w) => w.path.startsWith('workflows/'))) {
      for (const [id, caller] of Object.entries((parseYaml(file.content) as Map).jobs as Map)) {
        if (!/reusable-deploy\.yml@/.test((caller as Map).uses ?? '')) continue;
        bakes[`${file.path} ${id}`] =
          `${(caller as Map).with.environment}: ${(caller as Map).with['bake-time']}`;
      }
    }
    expect(bakes).toEqual({
      'workflows/cd.yml deploy-dev': 'dev: 0',
      'workflows/cd.yml deploy-staging': 'staging: 1m',
      'workflows/cd.yml deploy-production': 'production: 5m',
      'workflows/hotfix.yml deploy-production': 'production: 5m',
    });
  });

  it('each template caller grants what the called jobs ask for (GitHub refuses the run otherwise)', () => {
    const asked = new Set<string>();
    for (const j of Object.values(deploy.jobs as Map))
      for (const [scope, level] of Object.entries((j as Map).permissions ?? {}))
        asked.add(`${scope}:${level}`);
    const rank = { none: 0, read: 1, write: 2 } as Record<string, number>;
    for (const file of allWorkflows().filter((w) => w.path.startsWith('workflows/'))) {
      for (const [id, caller] of Object.entries((parseYaml(file.content) as Map).jobs as Map)) {
        if (!/reusable-deploy\.yml@/.test((caller as Map).uses ?? '')) continue;
        for (const entry of asked) {
          const [scope, level] = entry.split(':') as [string, string];
          expect({
            at: `${file.path} ${id} ${scope}`,
            ok: rank[(caller as Map).permissions?.[scope] ?? 'none']! >= rank[level]!,
          }).toEqual({ at: `${file.path} ${id} ${scope}`, ok: true });
        }
      }
    }
  });
});
