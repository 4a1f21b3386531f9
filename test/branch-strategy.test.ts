// The branch strategy, proven by evaluation of the installed templates (workflows/*.yml): triggers
// with GitHub's branch-filter semantics, job `if:`s with GitHub's expression evaluator, calls of the
// reusable workflows followed with the inputs the templates pass.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../scripts/lib/actions.js';
import { parsePolicy } from '../scripts/configure-repo/repo-policy.js';
import { templateWorkflows } from './support/workflow-files.js';
import { APPROVED, outcomeOf, planEvent, type Outcome } from './support/workflow-runs.js';
import { branchAllowed, filterPattern, type RunEvent } from './support/workflow-triggers.js';

const templates = templateWorkflows();

const TABLE: [string, RunEvent, Outcome][] = [
  [
    'push to develop → staging, automatically',
    { name: 'push', branch: 'develop' },
    { ci: true, deploys: [{ environment: 'staging', approval: false }] },
  ],
  [
    'push to main → staging, then production (the image staging verified), with approval',
    { name: 'push', branch: 'main' },
    {
      ci: true,
      deploys: [
        { environment: 'staging', approval: false },
        { environment: 'production', approval: true },
      ],
    },
  ],
  ['push to feature/x → CI only', { name: 'push', branch: 'feature/x' }, { ci: true, deploys: [] }],
  [
    'PR into develop → CI only',
    { name: 'pull_request', base: 'develop', head: 'feature/x' },
    { ci: true, deploys: [] },
  ],
  [
    'dispatch on hotfix/y → production, with approval',
    { name: 'workflow_dispatch', branch: 'hotfix/y' },
    { ci: true, deploys: [{ environment: 'production', approval: true }] },
  ],
  [
    'dispatch on main → refused, nothing deploys',
    { name: 'workflow_dispatch', branch: 'main' },
    { ci: false, deploys: [] },
  ],
  [
    // production allows hotfix/* (fnmatch: `*` does not match `/`): refused before the build
    'dispatch on hotfix/a/b → refused, nothing deploys',
    { name: 'workflow_dispatch', branch: 'hotfix/a/b' },
    { ci: false, deploys: [] },
  ],
];

describe('branch strategy', () => {
  it.each(TABLE)('%s', (_, event, expected) => {
    expect(outcomeOf(planEvent(templates, event))).toEqual(expected);
  });

  it('runs each deploy job with its environment set, inside the called reusable-deploy.yml', () => {
    const runs = planEvent(templates, { name: 'push', branch: 'main' }).filter((r) => r.runs);
    expect(runs.map((r) => `${r.workflow}:${r.job}${r.environment ? `@${r.environment}` : ''}`)).toEqual([
      'workflows/cd.yml:ci',
      '.github/workflows/reusable-ci.yml:ci/ci',
      'workflows/cd.yml:deploy-staging',
      '.github/workflows/reusable-deploy.yml:deploy-staging/build',
      '.github/workflows/reusable-deploy.yml:deploy-staging/deploy@staging',
      'workflows/cd.yml:deploy-production',
      '.github/workflows/reusable-deploy.yml:deploy-production/build',
      '.github/workflows/reusable-deploy.yml:deploy-production/deploy-reviewed@production',
    ]);
    // approval: environment runs deploy-reviewed (actions: read); staging (approval: none) runs deploy.
    const staging = planEvent(templates, { name: 'push', branch: 'develop' }).filter((r) => r.runs);
    expect(staging.map((r) => r.job).filter((j) => j.startsWith('deploy-staging/'))).toEqual([
      'deploy-staging/build',
      'deploy-staging/deploy',
    ]);
  });

  it.each(['main', 'hotfix/a/b', 'hotfix'])(
    'refuses a dispatch on %s with a failing job that says why, and runs nothing else',
    (branch) => {
      const runs = planEvent(templates, { name: 'workflow_dispatch', branch });
      expect(runs.filter((r) => r.runs).map((r) => `${r.workflow}:${r.job}:${r.result}`)).toEqual([
        'workflows/hotfix.yml:branch:failure',
      ]);
      const hotfix = templates.find((t) => t.path === 'workflows/hotfix.yml')!.content;
      expect(hotfix).toMatch(/::error title=Not a hotfix branch::[^\n]*\n\s*exit 1/);
    },
  );

  it('the hotfix guard accepts exactly the branches the production environment allows (hotfix/*)', () => {
    const policy = parsePolicy(
      fs.readFileSync(path.join(repoRoot, 'workflows/repository-policy.yml'), 'utf8'),
    );
    const allowed = policy.environments
      .get('production')!
      .deploymentBranches!.filter((p) => p.startsWith('hotfix'));
    for (const branch of ['hotfix/y', 'hotfix/1.2.3', 'hotfix/a/b', 'hotfixes/y', 'x/hotfix/y']) {
      const deploys = outcomeOf(planEvent(templates, { name: 'workflow_dispatch', branch })).deploys;
      expect({ branch, deploys: deploys.length > 0 }).toEqual({
        branch,
        deploys: allowed.some((p) => filterPattern(p).test(branch)),
      });
    }
  });

  it('a feature branch or PR triggers only ci.yml; develop and main pushes only cd.yml', () => {
    const triggered = (event: RunEvent) =>
      [...new Set(planEvent(templates, event).map((r) => r.workflow))].filter((w) =>
        w.startsWith('workflows/'),
      );
    expect(triggered({ name: 'push', branch: 'feature/x' })).toEqual(['workflows/ci.yml']);
    expect(triggered({ name: 'pull_request', base: 'develop', head: 'feature/x' })).toEqual([
      'workflows/ci.yml',
    ]);
    expect(triggered({ name: 'push', branch: 'develop' })).toEqual(['workflows/cd.yml']);
    expect(triggered({ name: 'push', branch: 'main' })).toEqual(['workflows/cd.yml']);
  });
});

describe('the evaluator can tell a broken strategy', () => {
  const cd = templates.find((t) => t.path === 'workflows/cd.yml')!;

  it('a production deploy without its branch condition deploys production from develop', () => {
    const broken = {
      ...cd,
      content: cd.content.replace(
        "if: github.ref == 'refs/heads/main' && needs",
        "if: github.ref != '' && needs",
      ),
    };
    expect(broken.content).not.toEqual(cd.content);
    expect(outcomeOf(planEvent([broken], { name: 'push', branch: 'develop' })).deploys).toEqual([
      { environment: 'staging', approval: false },
      { environment: 'production', approval: true },
    ]);
  });

  it('with approval by issue, a denied or timed-out approval deploys nothing to production', () => {
    const byIssue = { ...cd, content: cd.content.replace('approval: environment', 'approval: issue') };
    expect(outcomeOf(planEvent([byIssue], { name: 'push', branch: 'main' })).deploys).toContainEqual({
      environment: 'production',
      approval: true,
    });
    for (const status of ['denied', 'timed-out', '']) {
      const runs = planEvent(
        [byIssue],
        { name: 'push', branch: 'main' },
        { answers: { ...APPROVED, 'approve-gate': { status } } },
      );
      expect(outcomeOf(runs)).toEqual({ ci: true, deploys: [{ environment: 'staging', approval: false }] });
      expect(runs.find((r) => r.job === 'deploy-production/notify-blocked')?.runs).toBe(true);
    }
  });

  it('production with approval none is reported as unapproved', () => {
    const broken = { ...cd, content: cd.content.replace('approval: environment', 'approval: none') };
    expect(outcomeOf(planEvent([broken], { name: 'push', branch: 'main' })).deploys).toEqual([
      { environment: 'staging', approval: false },
      { environment: 'production', approval: false },
    ]);
  });

  it('when GitHub ends the deploy job before its first step, notify-blocked tells Slack; else it stays quiet', () => {
    const main = { name: 'push', branch: 'main' } as const;
    const blocked = (results?: Record<string, 'failure' | 'cancelled'>) =>
      planEvent([cd], main, { results }).find((r) => r.job === 'deploy-production/notify-blocked')!;
    // a reviewer rejected it, the approval expired, the branch policy refused it
    expect(blocked({ 'deploy-production/deploy-reviewed': 'failure' })).toMatchObject({ runs: true });
    // cancelled while it waited for approval
    expect(blocked({ 'deploy-production/deploy-reviewed': 'cancelled' })).toMatchObject({ runs: true });
    // the deploy started (and reports its own result in its thread)
    expect(blocked()).toMatchObject({ runs: false, result: 'skipped' });
    // the build failed: the deploy is skipped
    expect(blocked({ 'deploy-production/build': 'failure' })).toMatchObject({ runs: true });
  });

  it('a deploy is skipped when the CI it needs does not run', () => {
    // Evaluated with a CI job that does not run: the deploy needs it, so it is skipped.
    const noCi = {
      ...cd,
      content: cd.content.replace(
        /^ {2}ci:\n {4}name: CI\n/m,
        "  ci:\n    name: CI\n    if: github.ref == 'never'\n",
      ),
    };
    expect(outcomeOf(planEvent([noCi], { name: 'push', branch: 'develop' }))).toEqual({
      ci: false,
      deploys: [],
    });
  });
});

describe("GitHub's branch filter patterns", () => {
  it.each([
    ['feature/*', 'feature/x', true],
    ['feature/*', 'feature/x/y', false],
    ['feature/**', 'feature/x/y', true],
    ['hotfix/*', 'hotfix/y', true],
    ['main', 'main2', false],
    ['v2.0', 'v2x0', false],
    ['releases/10?', 'releases/1', true],
    ['releases/10+', 'releases/1000', true],
    ['[dm]*', 'develop', true],
  ])('%s matches %s: %s', (pattern, branch, expected) => {
    expect(filterPattern(pattern).test(branch)).toBe(expected);
  });

  it('applies negations in order and branches-ignore', () => {
    expect(branchAllowed({ branches: ['releases/**', '!releases/**-alpha'] }, 'releases/1-alpha')).toBe(
      false,
    );
    expect(branchAllowed({ branches: ['releases/**', '!releases/**-alpha'] }, 'releases/1')).toBe(true);
    expect(branchAllowed({ 'branches-ignore': ['develop', 'main'] }, 'main')).toBe(false);
    expect(branchAllowed({ 'branches-ignore': ['develop', 'main'] }, 'feature/a')).toBe(true);
    expect(branchAllowed({ tags: ['v*'] }, 'main')).toBe(false);
  });
});
